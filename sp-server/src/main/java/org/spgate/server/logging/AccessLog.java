package org.spgate.server.logging;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.RouteConfig;
import org.spgate.server.http.CorrelationHandler;

/**
 * One line per proxied request of a route, written when its response has ended (a completion
 * listener on the exchange's thread; Logback's appenders do the writing): method, route, status,
 * duration and correlation id. The route is the configured one, not the request path, which may
 * carry personal data in its query.
 */
final class AccessLog implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.requests");

  private final String route;
  private final HttpHandler next;

  AccessLog(RouteConfig route, HttpHandler next) {
    this.route = route.host() == null ? route.path() : route.host() + route.path();
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    exchange.addExchangeCompleteListener(
        (ex, nextListener) -> {
          long micros = (System.nanoTime() - start) / 1000;
          LOG.atInfo()
              .addKeyValue("event", "request")
              .addKeyValue("correlationId", CorrelationHandler.idOf(ex))
              .addKeyValue("method", ex.getRequestMethod().toString())
              .addKeyValue("route", route)
              .addKeyValue("status", ex.getStatusCode())
              .addKeyValue("durationMs", micros / 1000.0)
              .log("{} {} -> {}", ex.getRequestMethod(), route, ex.getStatusCode());
          nextListener.proceed();
        });
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "access-log -> " + next;
  }
}
