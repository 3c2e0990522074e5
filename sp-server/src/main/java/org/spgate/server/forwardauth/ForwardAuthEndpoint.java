package org.spgate.server.forwardauth;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.RequestPaths;
import org.spgate.server.route.RouteStage;
import org.spgate.server.route.Routes;

/**
 * {@code {handlerPath}/auth}: matches the original URL (see {@link OriginalUrl}) against the proxy
 * mode's routes, exactly as the route stage matches a proxied request (normalised path, host,
 * case-folded guards), records the route's protection and guards on the exchange, and hands it to
 * the session stage and then {@link ForwardAuthVerdict}. Never reads a body.
 */
public final class ForwardAuthEndpoint implements HttpHandler {

  static final String WHERE = "forward-auth";

  private final Routes<HttpHandler> routes;
  private final HttpHandler next;

  /**
   * @param routes the routes of the proxy mode
   * @param next the session stage in front of the verdict
   */
  public ForwardAuthEndpoint(Routes<HttpHandler> routes, HttpHandler next) {
    this.routes = routes;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    OriginalUrl original;
    String path;
    try {
      original = OriginalUrl.of(exchange);
      path = RequestPaths.normalise(original.rawPath());
    } catch (Rejection e) {
      ErrorPages.send(exchange, e, WHERE);
      return;
    }
    Routes.Match<HttpHandler> match = routes.match(exchange.getHostName(), path);
    if (match == null) {
      ErrorPages.send(
          exchange,
          new Rejection(Reason.NO_ROUTE, "no route covers " + exchange.getHostName() + " " + path),
          WHERE);
      return;
    }
    exchange.putAttachment(ForwardAuthVerdict.ORIGINAL, original);
    exchange.putAttachment(Attachments.AUTH, match.auth());
    exchange.putAttachment(RouteStage.GUARDS, match.guards());
    exchange.putAttachment(Attachments.CLIENT_CERT, match.clientCert());
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "forward-auth -> " + next;
  }
}
