package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import org.spgate.core.check.Reason;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;

/**
 * The first stage outside the handler path: matches the normalised path against the routes and
 * records the route's protection and backend on the exchange for the later stages; a path no route
 * covers gets the {@link Reason#NO_ROUTE} page.
 */
public final class RouteStage implements HttpHandler {

  /** The handler that serves the matched route (its backend proxy). */
  static final AttachmentKey<HttpHandler> BACKEND = AttachmentKey.create(HttpHandler.class);

  private final Routes<HttpHandler> routes;
  private final HttpHandler next;

  public RouteStage(Routes<HttpHandler> routes, HttpHandler next) {
    this.routes = routes;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Routes.Match<HttpHandler> match = routes.match(exchange.getAttachment(Attachments.PATH));
    if (match == null) {
      ErrorPages.render(exchange, Reason.NO_ROUTE, CorrelationHandler.idOf(exchange));
      return;
    }
    exchange.putAttachment(Attachments.AUTH, match.auth());
    exchange.putAttachment(Attachments.CLIENT_CERT, match.clientCert());
    exchange.putAttachment(BACKEND, match.route().handler());
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "routes -> " + next;
  }
}
