package org.spgate.server.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * The plain-HTTP listener's only job: send the browser to the same path on {@code publicUrl}. The
 * target origin is the configured one, never the request's Host header, so this cannot be made to
 * redirect elsewhere.
 */
final class HttpsRedirectHandler implements HttpHandler {

  private final String origin;

  HttpsRedirectHandler(String origin) {
    this.origin = origin;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    String target = origin + exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query);
    boolean safe =
        exchange.getRequestMethod().equals(Methods.GET)
            || exchange.getRequestMethod().equals(Methods.HEAD);
    // 308 keeps the method and body of a POST; 301 is what every client follows for a GET.
    exchange.setStatusCode(safe ? StatusCodes.MOVED_PERMANENTLY : StatusCodes.PERMANENT_REDIRECT);
    exchange.getResponseHeaders().put(Headers.LOCATION, target);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }

  @Override
  public String toString() {
    return "redirect-to-https(" + origin + ")";
  }
}
