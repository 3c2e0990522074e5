package org.spgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw backend for upgrade requests, writing exact bytes chosen by the request path: {@code
 * /early} answers {@code 101} and a first WebSocket text frame "early" in one write; {@code
 * /rawecho} answers {@code 101} and echoes raw bytes until the client half-closes, then closes;
 * {@code /flood} answers {@code 101} and writes {@link #FLOOD} bytes as fast as the peer takes
 * them; {@code /chunked-refusal} answers a chunked {@code 426}; {@code /wrong-protocol} switches to
 * a protocol nobody asked for; {@code /abort} answers {@code 101} and closes at once.
 */
public final class RawUpgradeBackend implements AutoCloseable {

  public static final long FLOOD = 512L * 1024 * 1024;

  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)");

  private final ServerSocket server;
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong flooded = new AtomicLong();

  public RawUpgradeBackend() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "raw-upgrade-backend");
    accept.setDaemon(true);
    accept.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public List<String> heads() {
    return heads;
  }

  /** Bytes of the flood written so far (accepted by the kernel). */
  public long flooded() {
    return flooded.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "raw-upgrade-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      heads.add(head);
      String target = head.substring(0, head.indexOf("\r\n"));
      String switching =
          "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n";
      if (target.contains("/early")) {
        byte[] headBytes =
            (switching + "Sec-WebSocket-Accept: " + accept(head) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] frame = {(byte) 0x81, 5, 'e', 'a', 'r', 'l', 'y'};
        byte[] both = new byte[headBytes.length + frame.length];
        System.arraycopy(headBytes, 0, both, 0, headBytes.length);
        System.arraycopy(frame, 0, both, headBytes.length, frame.length);
        out.write(both); // one write: the frame arrives in the same packet as the 101
        out.flush();
        in.transferTo(OutputStream.nullOutputStream());
      } else if (target.contains("/rawecho")) {
        out.write((switching + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        in.transferTo(out);
        s.shutdownOutput();
      } else if (target.contains("/flood")) {
        out.write((switching + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] block = new byte[64 * 1024];
        for (long left = FLOOD; left > 0; left -= block.length) {
          out.write(block);
          flooded.addAndGet(block.length);
        }
        out.flush();
      } else if (target.contains("/chunked-refusal")) {
        out.write(
            ("HTTP/1.1 426 Upgrade Required\r\nTransfer-Encoding: chunked\r\nX-Why: old\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        in.transferTo(OutputStream.nullOutputStream());
      } else if (target.contains("/wrong-protocol")) {
        out.write(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        in.transferTo(OutputStream.nullOutputStream());
      } else if (target.contains("/abort")) {
        out.write(
            (switching + "Sec-WebSocket-Accept: " + accept(head) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException e) {
      // the peer went away
    }
  }

  /** RFC 6455 4.2.2: base64(SHA-1(key + GUID)). */
  private static String accept(String head) {
    Matcher m = KEY.matcher(head);
    if (!m.find()) {
      return "";
    }
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest(
                  (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                      .getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
