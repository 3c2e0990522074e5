package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.BooleanSupplier;
import org.spgate.core.session.SessionStore;

/**
 * {@code {handlerPath}/Status}: a health check on a fixed path; no header changes its answer. While
 * spgate drains before stopping it answers 503 {@code "draining"}, like {@link ReadyHandler}, so
 * that balancers checking this path also move away in time.
 */
public final class StatusHandler implements HttpHandler {

  private final SessionStore store;
  private final BooleanSupplier draining;

  public StatusHandler(SessionStore store, BooleanSupplier draining) {
    this.store = store;
    this.draining = draining;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    boolean leaving = draining.getAsBoolean();
    exchange.setStatusCode(leaving ? 503 : 200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange
        .getResponseSender()
        .send(
            "{\"status\":\""
                + (leaving ? "draining" : store.isConnected() ? "ok" : "degraded")
                + "\",\"sessions\":"
                + store.size()
                + ",\"store\":\""
                + store.describe().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"storeConnected\":"
                + store.isConnected()
                + "}\n");
  }

  @Override
  public String toString() {
    return "status";
  }
}
