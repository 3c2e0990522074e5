package org.spgate.server.proxy;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.spgate.server.proxy.health.BackendHealth;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * spgate's own forwarder for requests without a body: on the I/O thread of the client connection it
 * takes an idle keep-alive connection to the backend that belongs to that thread (or opens one),
 * writes the whole request head with one write and relays the response ({@link BackendConnection}).
 * Everything else — request bodies, {@code Expect}, upgrades — is not accepted here ({@link
 * #accepts}) and goes to Undertow's {@code ProxyHandler}.
 *
 * <p>Why: Undertow's proxy client serialises each header into pooled buffers and toggles the
 * backend's read interest per request. On the 2-core bench machine, side by side with nginx
 * (bench/proxy-ceiling.sh, no spgate handlers), Undertow's ProxyHandler reached 0.68x nginx and
 * this design 0.79-0.81x; with 32 KiB of headers 0.42x and 0.70x.
 */
final class DirectForwarder {

  /** Read buffer per backend connection: also the largest response head accepted. */
  static final int BUFFER_SIZE = 64 * 1024;

  private final InetSocketAddress address;
  private final String basePath;
  private final long timeoutMs;
  private final int idlePerThread;
  private final Map<XnioIoThread, ArrayDeque<BackendConnection>> idle = new ConcurrentHashMap<>();

  DirectForwarder(URI backend, Duration timeout, int idlePerThread) {
    int port = backend.getPort() > 0 ? backend.getPort() : 80;
    this.address = new InetSocketAddress(backend.getHost(), port);
    this.basePath = backend.getRawPath() == null ? "" : backend.getRawPath();
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.idlePerThread = idlePerThread;
  }

  /** Whether this forwarder handles {@code exchange}: plain http, no request body, no Expect. */
  static boolean accepts(HttpServerExchange exchange, URI backend) {
    return "http".equals(backend.getScheme())
        && exchange.getRequestContentLength() <= 0
        && !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
        && !exchange.getRequestHeaders().contains(Headers.EXPECT)
        && !exchange.getRequestHeaders().contains(Headers.UPGRADE)
        && !exchange.getRequestMethod().equals(Methods.CONNECT)
        && exchange.getConnection() instanceof AbstractServerConnection
        && exchange.getProtocol().toString().startsWith("HTTP/1.");
  }

  /** Forwards {@code exchange}; the response or a 502 page ends it. */
  void forward(HttpServerExchange exchange) {
    ByteBuffer head = RequestHead.of(exchange, basePath);
    keepClientReads(exchange);
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> {
          Forward f = new Forward(exchange, head, this, timeoutMs);
          BackendConnection c = pool(exchange.getIoThread()).pollLast();
          if (c != null) {
            c.send(f);
          } else {
            open(f);
          }
        });
  }

  /**
   * Undertow suspends the client connection's reads before the handler runs and resumes them when
   * the exchange ends; with a response that arrives later, that is two {@code epoll_ctl} per
   * request. Leaving reads on with a listener that suspends them if a pipelined request (or EOF)
   * arrives early saves both; Undertow puts its own listener back when the exchange completes.
   */
  private static void keepClientReads(HttpServerExchange exchange) {
    ConduitStreamSourceChannel client =
        ((AbstractServerConnection) exchange.getConnection()).getChannel().getSourceChannel();
    client.setReadListener(ConduitStreamSourceChannel::suspendReads);
    client.resumeReads();
  }

  private ArrayDeque<BackendConnection> pool(XnioIoThread thread) {
    return idle.computeIfAbsent(thread, t -> new ArrayDeque<>());
  }

  /** Opens a new backend connection on the exchange's I/O thread and sends {@code f} on it. */
  void open(Forward f) {
    XnioIoThread thread = f.exchange.getIoThread();
    ArrayDeque<BackendConnection> pool = pool(thread);
    thread
        .openStreamConnection(
            address,
            sc -> {
              reportConnect(f, true);
              BackendConnection c = new BackendConnection(sc, pool, BUFFER_SIZE);
              if (f.isDone()) {
                offer(pool, c); // timed out while connecting
              } else {
                c.send(f);
              }
            },
            OptionMap.create(Options.TCP_NODELAY, true))
        .addNotifier(
            (future, x) -> {
              if (future.getStatus() == IoFuture.Status.FAILED) {
                reportConnect(f, false);
                f.fail("connect to " + address + ": " + future.getException().getMessage());
              }
            },
            null);
  }

  private static void reportConnect(Forward f, boolean connected) {
    BackendHealth health = BackendHealth.of(f.exchange);
    if (health != null) {
      if (connected) {
        health.connected();
      } else {
        health.connectFailed();
      }
    }
  }

  private void offer(ArrayDeque<BackendConnection> pool, BackendConnection c) {
    if (pool.size() < idlePerThread) {
      pool.addLast(c);
    } else {
      c.close();
    }
  }

  /** Safe methods (RFC 9110 9.2.1): a request that may be resent on a fresh connection. */
  boolean isSafe(HttpString method) {
    return method.equals(Methods.GET)
        || method.equals(Methods.HEAD)
        || method.equals(Methods.OPTIONS)
        || method.equals(Methods.TRACE);
  }
}
