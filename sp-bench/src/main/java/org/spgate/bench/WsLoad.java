package org.spgate.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket echo load generator for {@code bench/run.sh}: {@code --connections} sockets, each on
 * its own thread, sending one text message of {@code --size} bytes and waiting for its echo, again
 * and again for {@code --seconds}; prints {@code messages/s} (echoes received per second) and the
 * count. Frames are written and read by hand (RFC 6455 5.2, masked from the client) so that the
 * client costs little CPU beside the servers it measures.
 *
 * <pre>
 * java -cp benchmarks.jar org.spgate.bench.WsLoad --url ws://127.0.0.1:8080/ws \
 *     [--connections 32] [--seconds 10] [--size 128] [--cookie name=value]
 * </pre>
 */
public final class WsLoad {

  private WsLoad() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    URI url = URI.create(args.get("url"));
    int connections = Integer.parseInt(args.get("connections", "32"));
    long seconds = Long.parseLong(args.get("seconds", "10"));
    int size = Integer.parseInt(args.get("size", "128"));
    String cookie = args.get("cookie", "");
    AtomicLong echoes = new AtomicLong();
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      sockets.add(open(url, cookie));
    }
    // The clock starts once every socket is open: opening them is not part of the measurement.
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (Socket s : sockets) {
      threads.add(new Thread(() -> pingPong(s, size, end, echoes), "ws-load"));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (Socket s : sockets) {
      s.close();
    }
    System.out.printf("messages/s %.0f count %d%n", echoes.get() / elapsed, echoes.get());
  }

  /** Connects and completes the opening handshake; fails unless the answer is 101. */
  private static Socket open(URI url, String cookie) throws IOException {
    Socket s = new Socket(url.getHost(), url.getPort());
    s.setTcpNoDelay(true);
    String request =
        "GET "
            + url.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + url.getAuthority()
            + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n")
            + "\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    var in = s.getInputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake: " + head);
      }
      head.write(b);
    }
    if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + head);
    }
    return s;
  }

  private static void pingPong(Socket s, int size, long end, AtomicLong echoes) {
    byte[] frame = frame(size);
    byte[] payload = new byte[size];
    try {
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (System.nanoTime() < end) {
        out.write(frame);
        int b0 = in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          throw new IOException("unexpected 64-bit length");
        }
        if ((b0 & 0x0f) != 1 || len != size) {
          throw new IOException("unexpected frame " + b0 + " of " + len + " bytes");
        }
        in.readFully(payload);
        echoes.incrementAndGet();
      }
    } catch (IOException e) {
      System.err.println("ws-load: " + e.getMessage());
    }
  }

  /** One masked text frame (FIN, opcode 1) of {@code size} 'x' bytes; the zero mask keeps them. */
  private static byte[] frame(int size) {
    if (size > 65535) {
      throw new IllegalArgumentException("--size up to 65535");
    }
    int header = size < 126 ? 2 : 4;
    byte[] f = new byte[header + 4 + size];
    f[0] = (byte) 0x81;
    if (size < 126) {
      f[1] = (byte) (0x80 | size);
    } else {
      f[1] = (byte) (0x80 | 126);
      f[2] = (byte) (size >>> 8);
      f[3] = (byte) size;
    }
    Arrays.fill(f, header + 4, f.length, (byte) 'x');
    return f;
  }
}
