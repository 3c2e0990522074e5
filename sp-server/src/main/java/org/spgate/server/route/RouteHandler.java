package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.Optional;
import org.spgate.core.check.Reason;
import org.spgate.core.config.AuthMode;
import org.spgate.core.session.Session;
import org.spgate.server.access.LoginStarter;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.RequestCleaner;
import org.spgate.server.proxy.upgrade.UpgradeOffer;
import org.spgate.server.session.SessionLoader;

/**
 * Everything outside the handler path: match the route on the normalised path, clean the request
 * (always, whatever the route's protection), apply the protection — {@code required} starts a login
 * without a session, {@code optional} passes through, {@code none} never sends identity — add the
 * identity headers of the session, and proxy. Runs on the I/O thread: nothing here blocks.
 */
public final class RouteHandler implements HttpHandler {

  private final Routes<HttpHandler> routes;
  private final RequestCleaner cleaner;
  private final SessionLoader sessions;
  private final IdentityHeaders identity;
  private final LoginStarter login;
  private final Clock clock;

  public RouteHandler(
      Routes<HttpHandler> routes,
      RequestCleaner cleaner,
      SessionLoader sessions,
      IdentityHeaders identity,
      LoginStarter login,
      Clock clock) {
    this.routes = routes;
    this.cleaner = cleaner;
    this.sessions = sessions;
    this.identity = identity;
    this.login = login;
    this.clock = clock;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Routes.Match<HttpHandler> match = routes.match(exchange.getAttachment(Attachments.PATH));
    if (match == null) {
      ErrorPages.render(exchange, Reason.NO_ROUTE, CorrelationHandler.idOf(exchange));
      return;
    }
    AuthMode auth = match.auth();
    // The session is read before cleaning: cleaning removes spgate's cookie from the request.
    Optional<Session> session = auth == AuthMode.NONE ? Optional.empty() : sessions.load(exchange);
    // Noted before cleaning removes Upgrade; only a route that allows the protocol relays it.
    UpgradeOffer.capture(exchange);
    cleaner.clean(exchange.getRequestHeaders());
    if (auth == AuthMode.REQUIRED && session.isEmpty()) {
      login.start(exchange, targetOf(exchange));
      return;
    }
    session.ifPresent(
        s -> identity.add(exchange.getRequestHeaders(), s, clock.instant().getEpochSecond()));
    match.route().handler().handleRequest(exchange);
  }

  /** The path and query the user asked for; a POST's body is lost, it returns as a GET. */
  private static String targetOf(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    return exchange.getRequestPath() + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  @Override
  public String toString() {
    return "routes -> clean -> session -> access -> identity-headers -> proxy";
  }
}
