package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.List;
import org.spgate.core.check.Reason;
import org.spgate.core.config.RouteConfig;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;

/**
 * The first stage outside the handler path: matches the host and normalised path against the routes
 * and records the route's protection, access guards and backend on the exchange for the later
 * stages; a request no route covers gets the {@link Reason#NO_ROUTE} page.
 *
 * <p>A route with {@code stripPrefix} has its prefix removed from the request target the backend
 * sees; the bare prefix ({@code /app}) is redirected to {@code /app/} first, so that the backend
 * never receives an empty target and relative links in its pages resolve below the prefix.
 */
public final class RouteStage implements HttpHandler {

  /** The handler that serves the matched route (its backend proxy). */
  static final AttachmentKey<HttpHandler> BACKEND = AttachmentKey.create(HttpHandler.class);

  /** The routes whose access rules apply to the request (see {@link Routes.Match#guards()}). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final AttachmentKey<List<RouteConfig>> GUARDS =
      (AttachmentKey) AttachmentKey.create(List.class);

  private final Routes<HttpHandler> routes;
  private final HttpHandler next;

  public RouteStage(Routes<HttpHandler> routes, HttpHandler next) {
    this.routes = routes;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getAttachment(Attachments.PATH);
    Routes.Match<HttpHandler> match = routes.match(exchange.getHostName(), path);
    if (match == null) {
      ErrorPages.render(exchange, Reason.NO_ROUTE, CorrelationHandler.idOf(exchange));
      return;
    }
    RouteConfig route = match.route().config();
    if (route.stripPrefix() && !route.path().equals("/")) {
      if (path.length() == route.path().length()) {
        redirectBelow(exchange);
        return;
      }
      exchange.setResolvedPath(rawPrefix(exchange.getRequestPath(), route.path()));
    }
    exchange.putAttachment(Attachments.AUTH, match.auth());
    exchange.putAttachment(GUARDS, match.guards());
    exchange.putAttachment(Attachments.CLIENT_CERT, match.clientCert());
    exchange.putAttachment(BACKEND, match.route().handler());
    next.handleRequest(exchange);
  }

  /**
   * The part of the raw (still percent-encoded) request path that spells the route's prefix: as
   * many segments as the prefix has. The path was normalised without empty or dot segments and with
   * no encoded '/', so raw and decoded paths have the same segments.
   */
  static String rawPrefix(String rawPath, String prefix) {
    int segments = 0;
    for (int i = 0; i < prefix.length(); i++) {
      if (prefix.charAt(i) == '/') {
        segments++;
      }
    }
    int end = 0;
    for (int seen = 0; seen < segments; seen++) {
      int next = rawPath.indexOf('/', end + 1);
      end = next < 0 ? rawPath.length() : next;
    }
    return rawPath.substring(0, end);
  }

  private static void redirectBelow(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange
        .getResponseHeaders()
        .put(
            Headers.LOCATION,
            exchange.getRequestPath()
                + "/"
                + (query == null || query.isEmpty() ? "" : "?" + query));
    exchange.endExchange();
  }

  @Override
  public String toString() {
    return "routes -> " + next;
  }
}
