package org.spgate.server.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.metrics.Metrics;
import org.spgate.server.proxy.health.BackendGroup;
import org.spgate.server.proxy.health.BackendHealth;

/**
 * Forwards a cleaned request to a route's backend (the next in turn of its {@link BackendGroup}
 * that is not marked down): an upgrade its routes allow (WebSockets, {@code routes[i].upgrade})
 * through the {@link Upgrades} relay, everything else through spgate's engine (the {@code engine}
 * handler: {@code proxy.direct.DirectForwarder}, wired by {@code SpServer}; this package does not
 * depend on the engine's, which depends on this one for the hop-by-hop rules and {@link
 * #logFailure}), the same way with and without a body, non-blocking. Before a byte is forwarded:
 * the request framing is checked ({@link RequestFraming}: 400/501 and the client connection
 * closed), and a declared {@code Content-Length} over {@code proxy.maxRequestBody} (or the route's
 * {@code maxBodySize}) gets 413; that body is then read and discarded (up to 64 MiB; beyond that
 * the connection is closed), so that the client can read the 413 rather than a reset. A chunked
 * body that grows past the limit while streaming gets 413 if the backend has not answered yet, and
 * the backend connection is closed before the body's end. A backend that is down, misbehaves or
 * does not answer in time gets a 502 page, a full pool 503; every such failure is logged by {@link
 * #logFailure}. The session is untouched.
 */
public final class BackendProxy implements HttpHandler {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("spgate.refused");

  private final URI backend;
  private final HttpHandler direct;
  private final BodyLimit limit;
  private final BackendGroup backends;
  private final @Nullable Upgrades upgrades;

  /** Refused bodies up to this size are drained so the client reads its 413; larger: closed. */
  private static final long LINGER_BYTES = 64L * 1024 * 1024;

  /**
   * @param backend the (first) backend's URL, for {@link #toString}
   * @param limit the largest request body forwarded
   * @param engine forwards a request whose framing and size were checked to the backend {@code
   *     backends} chose
   * @param backends the route's backends, each with its outage log and breaker (shared by the
   *     routes to that backend)
   * @param upgrades relays the upgrades its routes allow ({@code routes[i].upgrade}); null if none
   */
  public BackendProxy(
      URI backend,
      BodyLimit limit,
      HttpHandler engine,
      BackendGroup backends,
      @Nullable Upgrades upgrades) {
    this.backend = backend;
    this.limit = limit;
    this.direct = engine;
    this.backends = backends;
    this.upgrades = upgrades;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Rejection framing = RequestFraming.check(exchange);
    if (framing != null) {
      exchange.setPersistent(false); // where this request's body ends is unknown
      ErrorPages.send(exchange, framing, "proxy");
      return;
    }
    long declared = exchange.getRequestContentLength();
    long maxRequestBody = limit.maxBytes();
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
                  + " bytes exceeds "
                  + limit.key()
                  + " "
                  + maxRequestBody),
          "proxy");
      return;
    }
    // The route's limit for the body's reader (proxy.direct's RequestBody counts a chunked body
    // against it); the listener's is the largest of all routes.
    exchange.setMaxEntitySize(maxRequestBody);
    if (!backends.admit(exchange)) {
      return; // all marked down: answered at once with 503 and Retry-After
    }
    if (upgrades != null && upgrades.accepts(exchange)) {
      // An upgrade the route allows leaves for its relay; any other Upgrade was removed by the
      // cleaner, the request is forwarded as an ordinary one, and a 101 from the backend is 502.
      upgrades.relay(exchange);
      return;
    }
    direct.handleRequest(exchange);
  }

  /**
   * Logs that the backend failed for {@code exchange} (down, timed out, malformed response, pool
   * full); every backend failure passes here, and goes to the backend's outage log when the request
   * was admitted by its {@link BackendHealth}. Returns the correlation id for the error page.
   */
  public static String logFailure(HttpServerExchange exchange, String detail) {
    Metrics.backendFailed(exchange, detail);
    BackendHealth health = BackendHealth.of(exchange);
    if (health != null) {
      return health.failed(exchange, detail);
    }
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
