package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.RequestPaths;

/**
 * The first routing step: validate and normalise the path (ambiguous paths are refused here, for
 * every route), then send {@code {handlerPath}/<name>} to that SP endpoint and everything else to
 * the routes.
 */
public final class SpRouter implements HttpHandler {

  private final String handlerPath;
  private final Map<String, HttpHandler> endpoints;
  private final HttpHandler routes;

  public SpRouter(String handlerPath, Map<String, HttpHandler> endpoints, HttpHandler routes) {
    this.handlerPath = handlerPath;
    this.endpoints = Map.copyOf(endpoints);
    this.routes = routes;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path;
    try {
      path = RequestPaths.normalise(exchange.getRequestPath());
    } catch (Rejection e) {
      ErrorPages.send(exchange, e, "path");
      return;
    }
    exchange.putAttachment(Attachments.PATH, path);
    if (path.startsWith(handlerPath)
        && (path.length() == handlerPath.length() || path.charAt(handlerPath.length()) == '/')) {
      HttpHandler endpoint = endpoints.get(path.substring(handlerPath.length()));
      if (endpoint == null) {
        ErrorPages.send(
            exchange, new Rejection(Reason.NO_ROUTE, "no SP endpoint " + path), "handler");
        return;
      }
      endpoint.handleRequest(exchange);
      return;
    }
    routes.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "router(" + handlerPath + endpoints.keySet() + " | " + routes + ")";
  }
}
