package org.spgate.server.proxy.direct;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ProxyConfig;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * spgate's HTTP/1.1 engine toward one backend, for every proxied request: on the I/O thread of the
 * client connection it takes an idle keep-alive connection to the backend that belongs to that
 * thread, or opens one within {@code proxy.connectionsPerBackend}, or waits in the bounded queue
 * ({@link BackendPool}); it writes the request head with one write, streams the body if there is
 * one ({@link RequestBody}) and relays the response ({@link BackendConnection}).
 *
 * <p>Why its own engine: Undertow's proxy client serialises each header into pooled buffers and
 * toggles the backend's read interest per request (bench/proxy-ceiling.sh: 0.68x nginx against
 * 0.79-0.81x for this design, 0.42x and 0.70x with 32 KiB of headers), and it applies none of the
 * response checks below to requests with a body. One engine means one framing and reuse policy for
 * every request (docs/PERFORMANCE.md, "One proxy engine").
 */
public final class DirectForwarder implements HttpHandler {

  /** Read buffer per backend connection: also the largest response head accepted. */
  static final int BUFFER_SIZE = 64 * 1024;

  private final InetSocketAddress address;
  private final String basePath;
  private final String hostHeader;
  final long headTimeoutNanos;
  final long connectTimeoutNanos;
  final long stallTimeoutNanos;
  private final BackendPool pool;

  /** The engine for the plain-http {@code backend}, with the limits of {@code config}. */
  public DirectForwarder(URI backend, ProxyConfig config) {
    int port = backend.getPort() > 0 ? backend.getPort() : 80;
    this.address = new InetSocketAddress(backend.getHost(), port);
    this.basePath = backend.getRawPath() == null ? "" : backend.getRawPath();
    this.hostHeader = backend.getPort() > 0 ? backend.getHost() + ":" + port : backend.getHost();
    this.headTimeoutNanos = config.backendTimeout().toNanos();
    this.connectTimeoutNanos = config.connectTimeout().toNanos();
    this.stallTimeoutNanos = config.stallTimeout().toNanos();
    this.pool =
        new BackendPool(
            config.connectionsPerBackend(),
            config.maxQueue(),
            config.idleTimeout().toMillis(),
            this::open);
  }

  /** The same backend and connection pool with a route's own timeouts. */
  private DirectForwarder(DirectForwarder shared, ProxyConfig limits) {
    this.address = shared.address;
    this.basePath = shared.basePath;
    this.hostHeader = shared.hostHeader;
    this.headTimeoutNanos = limits.backendTimeout().toNanos();
    this.connectTimeoutNanos = limits.connectTimeout().toNanos();
    this.stallTimeoutNanos = limits.stallTimeout().toNanos();
    this.pool = shared.pool;
  }

  /**
   * This engine with the timeouts of {@code limits} ({@code backendTimeout}, {@code
   * connectTimeout}, {@code stallTimeout}; a route's own), sharing its connections and their cap.
   */
  public DirectForwarder withTimeouts(ProxyConfig limits) {
    if (limits.backendTimeout().toNanos() == headTimeoutNanos
        && limits.connectTimeout().toNanos() == connectTimeoutNanos
        && limits.stallTimeout().toNanos() == stallTimeoutNanos) {
      return this;
    }
    return new DirectForwarder(this, limits);
  }

  BackendPool pool() {
    return pool;
  }

  /** The backend's address, for a relay that opens its own connection (upgrades). */
  public InetSocketAddress address() {
    return address;
  }

  /** The backend URL's path, put before each request's target ({@link RequestHead}). */
  public String basePath() {
    return basePath;
  }

  /** The {@code Host} sent for a client that sent none ({@link RequestHead}). */
  public String hostHeader() {
    return hostHeader;
  }

  /**
   * Forwards {@code exchange}, whose request framing was checked (no {@code Transfer-Encoding} but
   * exactly {@code chunked}, no conflicting {@code Content-Length}); the response, or a 502/503
   * page ends it.
   */
  @Override
  public void handleRequest(HttpServerExchange exchange) {
    forward(exchange, null);
  }

  /**
   * Forwards {@code exchange} as {@link #handleRequest} does; a connect that fails moves the
   * request to another backend of {@code others} if there is one.
   */
  void forward(HttpServerExchange exchange, @Nullable BackendSet others) {
    boolean chunked = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    long length = chunked ? -1 : exchange.getRequestContentLength();
    ByteBuffer head = head(exchange);
    boolean hasBody = chunked || length > 0;
    if (!hasBody) {
      keepClientReads(exchange);
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          Forward f =
              new Forward(
                  exchange, head, hasBody ? new RequestBody(exchange, chunked) : null, this);
          f.others = others;
          if (hasBody && HttpContinue.requiresContinueResponse(exchange)) {
            // The request passed spgate's checks: let the client send its body while a connection
            // is found. The backend gets no Expect (RequestHead), so it sends no 100 of its own.
            HttpContinue.sendContinueResponse(exchange, CONTINUE_SENT);
          }
          pool.acquire(f);
        });
  }

  /** The request head for this backend, with spgate's framing of the body. */
  ByteBuffer head(HttpServerExchange exchange) {
    boolean chunked = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    long length = chunked ? -1 : exchange.getRequestContentLength();
    String framing =
        chunked
            ? "Transfer-Encoding: chunked\r\n"
            : length >= 0 ? "Content-Length: " + length + "\r\n" : "";
    return RequestHead.of(exchange, basePath, hostHeader, framing);
  }

  private static final IoCallback CONTINUE_SENT =
      new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange exchange, Sender sender) {}

        @Override
        public void onException(HttpServerExchange exchange, Sender sender, IOException e) {
          IoUtils.safeClose(exchange.getConnection());
        }
      };

  /**
   * Undertow suspends the client connection's reads before the handler runs and resumes them when
   * the exchange ends; with a response that arrives later, that is two {@code epoll_ctl} per
   * request. Leaving reads on with a listener that suspends them if a pipelined request (or EOF)
   * arrives early saves both; Undertow puts its own listener back when the exchange completes. Only
   * for requests without a body: a body is read through the exchange's request channel.
   */
  private static void keepClientReads(HttpServerExchange exchange) {
    if (!(exchange.getConnection() instanceof AbstractServerConnection server)) {
      return;
    }
    ConduitStreamSourceChannel client = server.getChannel().getSourceChannel();
    client.setReadListener(ConduitStreamSourceChannel::suspendReads);
    client.resumeReads();
  }

  /** Opens a new backend connection on the exchange's I/O thread (its slot is taken). */
  private void open(Forward f) {
    XnioIoThread thread = f.exchange.getIoThread();
    int attempt = f.connecting();
    IoFuture<StreamConnection> future =
        thread.openStreamConnection(
            address,
            sc -> {
              BackendConnection c = new BackendConnection(sc, pool, BUFFER_SIZE);
              if (f.isDone() || !f.isAttempt(attempt)) {
                pool.release(c, thread); // the request ended or moved on while connecting
              } else {
                c.send(f);
              }
            },
            OptionMap.create(Options.TCP_NODELAY, true));
    future.addNotifier(
        (fut, x) -> {
          if (fut.getStatus() == IoFuture.Status.FAILED) {
            pool.closed();
            f.connectFailed(
                attempt, "connect to " + address + ": " + fut.getException().getMessage());
          } else if (fut.getStatus() == IoFuture.Status.CANCELLED) {
            pool.closed();
          }
        },
        null);
    // XNIO has no connect timeout of its own: cancel the attempt after proxy.connectTimeout
    // (Forward's watchdog answers the client or tries another backend; this frees the slot).
    thread.executeAfter(
        () -> {
          if (future.getStatus() == IoFuture.Status.WAITING) {
            future.cancel();
          }
        },
        TimeUnit.NANOSECONDS.toMillis(f.connectTimeoutNanos()),
        TimeUnit.MILLISECONDS);
  }

  /** Safe methods (RFC 9110 9.2.1): a request that may be resent on a fresh connection. */
  static boolean isSafe(HttpString method) {
    return method.equals(Methods.GET)
        || method.equals(Methods.HEAD)
        || method.equals(Methods.OPTIONS)
        || method.equals(Methods.TRACE);
  }
}
