package org.spgate.server.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.upgrade.UpgradeRelay;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Forwards a cleaned request to one backend, non-blocking: an upgrade its routes allow (WebSockets,
 * {@code routes[i].upgrade}) through {@link UpgradeRelay}, requests without a body through spgate's
 * {@link DirectForwarder}, the others (bodies, {@code Expect}) through Undertow's proxy handler. A
 * backend that is down or does not answer in time gets a 502 page; the session is untouched. A
 * request whose declared {@code Content-Length} exceeds {@code proxy.maxRequestBody} is refused
 * with 413 before any byte is forwarded; its body is then read and discarded (up to 64 MiB; beyond
 * that the connection is closed), so that the client can read the 413 rather than a reset. A
 * chunked body that grows past the limit is cut off by Undertow's entity limit while streaming and
 * ends as a 502.
 */
public final class BackendProxy implements HttpHandler {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("spgate.refused");

  private final URI backend;
  private final DirectForwarder direct;
  private final ProxyHandler proxy;
  private final long maxRequestBody;
  private final @Nullable UpgradeRelay upgrades;

  /** Refused bodies up to this size are drained so the client reads its 413; larger: closed. */
  private static final long LINGER_BYTES = 64L * 1024 * 1024;

  /**
   * @param upgrades relays the upgrades its routes allow ({@code routes[i].upgrade}); null if none
   */
  public BackendProxy(
      URI backend,
      Duration timeout,
      int connectionsPerThread,
      long maxRequestBody,
      @Nullable UpgradeRelay upgrades) {
    this.backend = backend;
    this.upgrades = upgrades;
    this.maxRequestBody = maxRequestBody;
    this.direct = new DirectForwarder(backend, timeout, connectionsPerThread);
    LoadBalancingProxyClient client =
        new LoadBalancingProxyClient()
            .setConnectionsPerThread(connectionsPerThread)
            .setMaxQueueSize(1024)
            .setProblemServerRetry(1)
            .setTtl(-1);
    // Nagle's algorithm holds back the second segment of a request whose headers span two
    // writes (large identity headers) until the backend's delayed ACK: ~40 ms per request.
    client.addHost(backend, null, null, OptionMap.create(Options.TCP_NODELAY, true));
    this.proxy =
        ProxyHandler.builder()
            .setProxyClient(client)
            .setMaxRequestTime((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .setRewriteHostHeader(false)
            .setReuseXForwarded(false)
            .setMaxConnectionRetries(1)
            .setNext(ResponseCodeHandler.HANDLE_404)
            .build();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long declared = exchange.getRequestContentLength();
    if (declared > maxRequestBody) {
      if (declared <= LINGER_BYTES) {
        // Read and discard the body after the 413 (Undertow drains it without blocking): a
        // connection closed on unread data is reset, and the client loses the 413 it was sent.
        exchange.setMaxEntitySize(declared);
      } else {
        exchange.setPersistent(false);
      }
      ErrorPages.send(
          exchange,
          new Rejection(
              Reason.REQUEST_TOO_LARGE,
              "request body of "
                  + exchange.getRequestContentLength()
                  + " bytes exceeds proxy.maxRequestBody "
                  + maxRequestBody),
          "proxy");
      return;
    }
    if (upgrades != null && upgrades.accepts(exchange)) {
      upgrades.relay(exchange);
      return;
    }
    if (DirectForwarder.accepts(exchange, backend)) {
      direct.forward(exchange);
      return;
    }
    exchange.addDefaultResponseListener(BackendProxy::backendFailed);
    proxy.handleRequest(exchange);
  }

  /** Undertow ends a failed proxy exchange with an empty 503/504; render our 502 page then. */
  private static boolean backendFailed(HttpServerExchange exchange) {
    int status = exchange.getStatusCode();
    if (exchange.isResponseStarted() || (status != 503 && status != 504 && status != 500)) {
      return false;
    }
    ErrorPages.render(
        exchange, Reason.BACKEND_UNAVAILABLE, logFailure(exchange, "proxy status " + status));
    return true;
  }

  /** Logs that the backend failed for {@code exchange}, both proxy engines alike; its id. */
  public static String logFailure(HttpServerExchange exchange, String detail) {
    String id = CorrelationHandler.idOf(exchange);
    LOG.warn(
        "{} [{}] backend failed for {} {}: {}",
        Reason.BACKEND_UNAVAILABLE.code(),
        id,
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        detail);
    return id;
  }

  @Override
  public String toString() {
    return "proxy(" + backend + ")";
  }
}
