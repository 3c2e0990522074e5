package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.BooleanSupplier;

/**
 * {@code {handlerPath}/Ready}: the readiness check for load balancers. 200 while spgate takes
 * requests; 503 {@code "draining"} from the moment a SIGTERM starts its graceful stop, so that the
 * balancer sends new requests elsewhere before the listener closes ({@code shutdown.drainDelay}).
 */
public final class ReadyHandler implements HttpHandler {

  private final BooleanSupplier draining;

  public ReadyHandler(BooleanSupplier draining) {
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
        .send(leaving ? "{\"status\":\"draining\"}\n" : "{\"status\":\"ready\"}\n");
  }

  @Override
  public String toString() {
    return "ready";
  }
}
