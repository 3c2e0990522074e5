package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.spgate.server.proxy.RequestCleaner;
import org.spgate.server.proxy.upgrade.UpgradeOffer;

/**
 * Removes what a client must not send to a backend (spoofed identity headers, spgate's cookie,
 * hop-by-hop headers), whatever the route's protection, after noting a protocol-switch offer for
 * the upgrade relay ({@code Upgrade} is hop-by-hop). Runs after the session stage: cleaning removes
 * the cookie the session is read from.
 */
public final class CleanStage implements HttpHandler {

  private final RequestCleaner cleaner;
  private final HttpHandler next;

  public CleanStage(RequestCleaner cleaner, HttpHandler next) {
    this.cleaner = cleaner;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    UpgradeOffer.capture(exchange); // before cleaning removes Upgrade and Connection
    cleaner.clean(exchange);
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "clean -> " + next;
  }
}
