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
 * it reads (head, then a body framed by {@code Content-Length} or {@code chunked}) is answered with
 * the next scripted {@link Reply}, byte for byte (or with {@code 200 ok} when none is queued). It
 * counts connections opened and closed, records request heads, complete request bodies and how many
 * body bytes of a large reply it managed to write. A request whose body is malformed or cut off is
 * not answered and its connection is dropped.
 */
public final class ScriptedBackend implements AutoCloseable {

  /** Bytes written {@code delayMs} after the previous write of the same reply. */
  public record Later(long delayMs, String bytes) {}

  /**
   * One answer: {@code bytes} written after {@code delayMs}, then {@code bodyBytes} more octets
   * ('x'), then each of {@code later} after its delay, then the connection closed if {@code close};
   * {@code bytes == null} closes without answering.
   */
  public record Reply(
      String bytes, long delayMs, long bodyBytes, boolean close, List<Later> later) {

    public Reply(String bytes, long delayMs, long bodyBytes, boolean close) {
      this(bytes, delayMs, bodyBytes, close, List.of());
    }

    /**
     * {@code bytes}, then {@code later} (e.g. bytes no request asked for) after {@code delayMs}.
     */
    public static Reply thenLater(String bytes, long delayMs, String later) {
      return new Reply(bytes, 0, 0, false, List.of(new Later(delayMs, later)));
    }

    /** {@code head}, then {@code pieces} times {@code piece}, {@code everyMs} apart. */
    public static Reply trickled(String head, String piece, int pieces, long everyMs, String end) {
      List<Later> l = new java.util.ArrayList<>();
      for (int i = 0; i < pieces; i++) {
        l.add(new Later(everyMs, piece));
      }
      l.add(new Later(0, end));
      return new Reply(head, 0, 0, false, List.copyOf(l));
    }

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
  private final AtomicInteger closed = new AtomicInteger();

  private final List<String> bodies = new CopyOnWriteArrayList<>();

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

  /** Connections that ended (either side closed) since start. */
  public int closedConnections() {
    return closed.get();
  }

  /**
   * Runs {@code action} while sampling, every 2 ms, how many connections to this backend the kernel
   * holds ESTABLISHED on the client side (Linux {@code /proc/net/tcp}): the exact number of
   * connections a proxy has open to it, not skewed by when this backend's threads notice a close.
   * Returns the largest sample.
   */
  public int maxEstablishedDuring(java.util.concurrent.Callable<?> action) throws Exception {
    AtomicInteger max = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread sampler =
        new Thread(
            () -> {
              while (!stop.get()) {
                max.accumulateAndGet(established(), Math::max);
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    try {
      action.call();
    } finally {
      stop.set(true);
      sampler.join();
    }
    return max.get();
  }

  private int established() {
    String port = String.format(":%04X ", server.getLocalPort());
    int n = 0;
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file))) {
          String[] f = line.trim().split("\\s+");
          // remote address ends in this backend's port, state 01 = ESTABLISHED
          if (f.length > 3 && (f[2] + " ").endsWith(port) && f[3].equals("01")) {
            n++;
          }
        }
      } catch (IOException e) {
        // no IPv6 table
      }
    }
    return n;
  }

  /** The request bodies received complete, in order (latin-1). */
  public List<String> bodies() {
    return bodies;
  }

  public long bodyWritten() {
    return bodyWritten.get();
  }

  /** Forgets queued replies and recorded heads. */
  public void reset() {
    replies.clear();
    heads.clear();
    bodies.clear();
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
        String body = readBody(in, head);
        if (body == null) {
          return;
        }
        if (!body.isEmpty()) {
          bodies.add(body);
        }
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
        for (Later l : r.later()) {
          Thread.sleep(l.delayMs());
          out.write(l.bytes().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        if (r.close()) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the peer went away; nothing to answer
    } finally {
      closed.incrementAndGet();
    }
  }

  /** The request body framed as {@code head} says; "" for none, null if malformed or cut off. */
  private static String readBody(InputStream in, String head) throws IOException {
    java.util.regex.Matcher cl =
        java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(head);
    if (java.util.regex.Pattern.compile("(?im)^transfer-encoding:\\s*chunked\\s*$")
        .matcher(head)
        .find()) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return null;
        }
        int size;
        try {
          size = Integer.parseInt(line.split(";")[0], 16);
        } catch (NumberFormatException e) {
          return null;
        }
        if (size == 0) {
          while (true) {
            String trailer = readLine(in);
            if (trailer == null) {
              return null;
            }
            if (trailer.isEmpty()) {
              return body.toString(StandardCharsets.ISO_8859_1);
            }
          }
        }
        byte[] data = in.readNBytes(size);
        if (data.length < size || !"".equals(readLine(in))) {
          return null;
        }
        body.write(data);
      }
    }
    if (cl.find()) {
      int n = Integer.parseInt(cl.group(1));
      byte[] data = in.readNBytes(n);
      return data.length < n ? null : new String(data, StandardCharsets.ISO_8859_1);
    }
    return "";
  }

  /** A CRLF-terminated line without its CRLF, or null at EOF or on a bare LF. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        if (prev != '\r') {
          return null;
        }
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      prev = b;
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
