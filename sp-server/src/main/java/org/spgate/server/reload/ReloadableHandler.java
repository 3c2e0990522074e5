package org.spgate.server.reload;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * The point where a reload takes effect: one volatile reference to the chain built from one
 * configuration, read once per request. A request runs to its end on the chain it started on (its
 * route, rule and backend), the next one takes the new chain; connections and sessions belong to
 * the server and the stores, not to the chain, so a swap closes nothing.
 */
public final class ReloadableHandler implements HttpHandler {

  private volatile @Nullable HttpHandler current;

  /** Makes {@code next} the chain for every request that arrives from now on. */
  public void swap(HttpHandler next) {
    current = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HttpHandler chain = current;
    if (chain == null) {
      throw new IllegalStateException("no handler chain set");
    }
    chain.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "reloadable -> " + current;
  }
}
