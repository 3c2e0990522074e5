package org.spgate.server.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.time.Duration;

/**
 * Adds {@code Strict-Transport-Security} (RFC 6797) to every response of the TLS listener, set when
 * the response is committed so that a backend's own header cannot weaken it.
 */
final class HstsHandler implements HttpHandler {

  private static final HttpString HSTS = new HttpString("Strict-Transport-Security");

  private final String value;
  private final HttpHandler next;

  HstsHandler(Duration maxAge, boolean includeSubDomains, HttpHandler next) {
    this.value = "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "");
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.addResponseCommitListener(ex -> ex.getResponseHeaders().put(HSTS, value));
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "hsts(" + value + ") → " + next;
  }
}
