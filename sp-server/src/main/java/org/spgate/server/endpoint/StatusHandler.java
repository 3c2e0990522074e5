package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.spgate.core.session.SessionStore;

/** {@code {handlerPath}/Status}: a health check on a fixed path; no header changes its answer. */
public final class StatusHandler implements HttpHandler {

  private final SessionStore store;

  public StatusHandler(SessionStore store) {
    this.store = store;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange
        .getResponseSender()
        .send(
            "{\"status\":\""
                + (store.isConnected() ? "ok" : "degraded")
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
