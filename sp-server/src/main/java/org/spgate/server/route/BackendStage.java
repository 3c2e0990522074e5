package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** The last stage: hands the request to the backend of the route {@link RouteStage} matched. */
public final class BackendStage implements HttpHandler {

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getAttachment(RouteStage.BACKEND).handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "proxy";
  }
}
