package org.spgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 backend for tests that need responses no well-behaved server writes: each request
 * head it reads is answered with the next scripted {@link Reply}, byte for byte (or with {@code 200
 * ok} when none is queued). It counts connections, records request heads and how many body bytes of
 * a large reply it managed to write.
 */
public final class ScriptedBackend implements AutoCloseable {

  /**
   * One answer: {@code bytes} written after {@code delayMs}, then {@code bodyBytes} more octets
   * ('x'), then the connection closed if {@code close}; {@code bytes == null} closes without
   * answering.
   */
  public record Reply(String bytes, long delayMs, long bodyBytes, boolean close) {
    public static Reply of(String bytes) {
      return new Reply(bytes, 0, 0, false);
    }

    public static Reply closing(String bytes) {
      return new Reply(bytes, 0, 0, true);
    }

    public static Reply hangUp() {
      return new Reply(null, 0, 0, true);
    }

    public static Reply delayed(String bytes, long delayMs) {
      return new Reply(bytes, delayMs, 0, false);
    }
  }

  public static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  private final ServerSocket server;
  private final LinkedBlockingDeque<Reply> replies = new LinkedBlockingDeque<>();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Integer> connectionOfHead = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong bodyWritten = new AtomicLong();

  public ScriptedBackend() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "scripted-backend");
    accept.setDaemon(true);
    accept.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Queues replies, answered in order. */
  public ScriptedBackend then(Reply... r) {
    replies.addAll(Arrays.asList(r));
    return this;
  }

  /** Connections accepted since start. */
  public int connections() {
    return connections.get();
  }

  public List<String> heads() {
    return heads;
  }

  /** The number (from 1, since start) of the connection each recorded head arrived on. */
  public List<Integer> connectionOfHead() {
    return connectionOfHead;
  }

  public long bodyWritten() {
    return bodyWritten.get();
  }

  /** Forgets queued replies and recorded heads. */
  public void reset() {
    replies.clear();
    heads.clear();
    connectionOfHead.clear();
    bodyWritten.set(0);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        int id = connections.incrementAndGet();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s, id), "scripted-backend-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        connectionOfHead.add(id);
        heads.add(head);
        Reply r = replies.pollFirst();
        if (r == null) {
          r = Reply.of(OK);
        }
        if (r.delayMs() > 0) {
          Thread.sleep(r.delayMs());
        }
        if (r.bytes() == null) {
          return;
        }
        out.write(r.bytes().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        for (long left = r.bodyBytes(); left > 0; ) {
          int n = (int) Math.min(block.length, left);
          out.write(block, 0, n);
          left -= n;
          bodyWritten.addAndGet(n);
        }
        out.flush();
        if (r.close()) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the peer went away; nothing to answer
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
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
