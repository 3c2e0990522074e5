package org.spgate.bench;

import io.undertow.Undertow;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * The ceiling of a hand-written forwarder on Undertow/XNIO, a bench instrument beside {@link
 * PlainUndertowProxy}: on the I/O thread that owns the client connection it takes a keep-alive
 * backend connection belonging to that thread, writes the request head in one buffer with one
 * write, leaves the backend's read interest on, parses the response head and answers with its
 * Content-Length body. GET-only, no request bodies, no chunked responses, no timeouts: not a proxy,
 * a measurement.
 *
 * <pre>java -cp benchmarks.jar org.spgate.bench.DirectXnioProxy PORT BACKEND_URL</pre>
 */
public final class DirectXnioProxy implements HttpHandler {

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final byte[] HTTP11 = " HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] XFF = "X-Forwarded-For: ".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] XFP = "X-Forwarded-Proto: ".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] XFH = "X-Forwarded-Host: ".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] XFPORT = "X-Forwarded-Port: ".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * Keep the client connection's read interest on while the backend answers: Undertow suspends it
   * before the handler runs and resumes it when the exchange completes, which costs two {@code
   * epoll_ctl} per request once the response is asynchronous. A pipelined request arriving early
   * suspends reads again, so nothing spins.
   */
  private static final boolean KEEP_CLIENT_READS = Boolean.getBoolean("direct.keepClientReads");

  private final InetSocketAddress backend;
  private final ConcurrentMap<XnioIoThread, ArrayDeque<Backend>> idle = new ConcurrentHashMap<>();

  DirectXnioProxy(InetSocketAddress backend) {
    this.backend = backend;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    URI uri = new URI(args[1]);
    DirectXnioProxy proxy =
        new DirectXnioProxy(new InetSocketAddress(uri.getHost(), uri.getPort()));
    Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(proxy).build().start();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    XnioIoThread thread = exchange.getIoThread();
    ArrayDeque<Backend> pool = idle.computeIfAbsent(thread, t -> new ArrayDeque<>());
    Backend b = pool.pollLast();
    if (KEEP_CLIENT_READS && exchange.getRequestContentLength() <= 0) {
      ConduitStreamSourceChannel client =
          ((AbstractServerConnection) exchange.getConnection()).getChannel().getSourceChannel();
      client.setReadListener(ConduitStreamSourceChannel::suspendReads);
      client.resumeReads();
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          if (b != null) {
            b.send(exchange);
          } else {
            open(exchange, pool);
          }
        });
  }

  private void open(HttpServerExchange exchange, ArrayDeque<Backend> pool) {
    exchange
        .getIoThread()
        .openStreamConnection(
            backend,
            c -> new Backend(c, pool).send(exchange),
            OptionMap.create(Options.TCP_NODELAY, true))
        .addNotifier(
            (future, x) -> {
              if (future.getStatus() == IoFuture.Status.FAILED) {
                fail(exchange);
              }
            },
            null);
  }

  private static void fail(HttpServerExchange exchange) {
    if (!exchange.isResponseStarted()) {
      exchange.setStatusCode(502);
    }
    exchange.endExchange();
  }

  /** One keep-alive backend connection, used by one exchange at a time on its I/O thread. */
  private final class Backend {
    private final StreamConnection connection;
    private final ArrayDeque<Backend> pool;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private ByteBuffer out = ByteBuffer.allocate(4096);
    private @Nullable HttpServerExchange exchange;

    Backend(StreamConnection connection, ArrayDeque<Backend> pool) {
      this.connection = connection;
      this.pool = pool;
      ConduitStreamSourceChannel source = connection.getSourceChannel();
      source.setReadListener(ch -> onReadable());
      source.resumeReads();
      connection.getSinkChannel().setWriteListener(ch -> flushOut());
    }

    void send(HttpServerExchange ex) {
      this.exchange = ex;
      in.clear();
      writeHead(ex);
      flushOut();
    }

    private void flushOut() {
      ConduitStreamSinkChannel sink = connection.getSinkChannel();
      try {
        while (out.hasRemaining()) {
          if (sink.write(out) == 0) {
            sink.resumeWrites();
            return;
          }
        }
        sink.suspendWrites();
      } catch (IOException e) {
        broken();
      }
    }

    private void writeHead(HttpServerExchange ex) {
      out.clear();
      put(ex.getRequestMethod());
      put((byte) ' ');
      put(ex.getRequestURI());
      String query = ex.getQueryString();
      if (!query.isEmpty()) {
        put((byte) '?');
        put(query);
      }
      put(HTTP11);
      HeaderMap headers = ex.getRequestHeaders();
      for (long c = headers.fastIterateNonEmpty(); c != -1L; c = headers.fiNextNonEmpty(c)) {
        HeaderValues values = headers.fiCurrent(c);
        HttpString name = values.getHeaderName();
        if (HOP_BY_HOP.contains(name.toString().toLowerCase(Locale.ROOT))) {
          continue;
        }
        for (int i = 0; i < values.size(); i++) {
          put(name);
          put((byte) ':');
          put((byte) ' ');
          put(values.get(i));
          crlf();
        }
      }
      InetSocketAddress peer = ex.getSourceAddress();
      put(XFF);
      put(peer.getAddress().getHostAddress());
      crlf();
      put(XFP);
      put(ex.getRequestScheme());
      crlf();
      put(XFH);
      put(ex.getHostName());
      crlf();
      put(XFPORT);
      put(Integer.toString(ex.getHostPort()));
      crlf();
      crlf();
      out.flip();
    }

    private void ensure(int n) {
      if (out.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n));
        out.flip();
        bigger.put(out);
        out = bigger;
      }
    }

    private void put(byte b) {
      ensure(1);
      out.put(b);
    }

    private void crlf() {
      ensure(2);
      out.put((byte) '\r').put((byte) '\n');
    }

    private void put(byte[] b) {
      ensure(b.length);
      out.put(b);
    }

    private void put(HttpString s) {
      ensure(s.length());
      s.appendTo(out);
    }

    @SuppressWarnings("deprecation") // the Latin-1 fast copy; header values are ISO-8859-1
    private void put(String s) {
      int n = s.length();
      ensure(n);
      s.getBytes(0, n, out.array(), out.arrayOffset() + out.position());
      out.position(out.position() + n);
    }

    private void onReadable() {
      try {
        int n = connection.getSourceChannel().read(in);
        if (n == -1) {
          broken();
          return;
        }
        if (n == 0) {
          return;
        }
        HttpServerExchange ex = exchange;
        if (ex == null) {
          broken(); // bytes while idle: the backend is out of step
          return;
        }
        if (!parse(ex)) {
          return;
        }
        exchange = null;
        pool.addLast(this);
      } catch (IOException e) {
        broken();
      }
    }

    /** True once the whole response is in {@code in} and was handed to the exchange. */
    private boolean parse(HttpServerExchange ex) {
      int end = headEnd();
      if (end < 0) {
        return false;
      }
      int lineEnd = lineEnd(0);
      int status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
      long length = -1;
      HeaderMap rh = ex.getResponseHeaders();
      int p = lineEnd + 2;
      while (p < end - 2) {
        int e = lineEnd(p);
        int colon = p;
        while (in.get(colon) != ':') {
          colon++;
        }
        String name = ascii(p, colon);
        int v = colon + 1;
        while (in.get(v) == ' ' || in.get(v) == '\t') {
          v++;
        }
        String value = ascii(v, e);
        p = e + 2;
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(value);
        } else if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
          continue;
        }
        rh.add(HttpString.tryFromString(name), value);
      }
      if (length < 0 || in.position() - end < length) {
        return false; // prototype: Content-Length bodies that fit the buffer
      }
      byte[] body = new byte[(int) length];
      in.get(end, body);
      ex.setStatusCode(status);
      ex.getResponseSender().send(ByteBuffer.wrap(body));
      return true;
    }

    private int headEnd() {
      int lim = in.position();
      for (int i = 3; i < lim; i++) {
        if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n') {
          return i + 1;
        }
      }
      return -1;
    }

    private int lineEnd(int from) {
      int i = from;
      while (in.get(i) != '\r') {
        i++;
      }
      return i;
    }

    private String ascii(int from, int to) {
      byte[] b = new byte[to - from];
      in.get(from, b);
      return new String(b, StandardCharsets.ISO_8859_1);
    }

    private void broken() {
      pool.remove(this);
      IoUtils.safeClose(connection);
      HttpServerExchange ex = exchange;
      exchange = null;
      if (ex != null) {
        fail(ex);
      }
    }
  }
}
