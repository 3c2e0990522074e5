package org.spgate.devidp.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.jspecify.annotations.Nullable;
import org.spgate.core.web.Html;

/**
 * {@code GET /}: who is signed in at the development IdP, with a "Log out of everything" button
 * ({@link GlobalLogoutHandler}). Its CSP lets that form's redirect go on to the SP's
 * SingleLogoutService.
 */
final class HomePage implements HttpHandler {

  private final IdpSessions sessions;
  private final String csp;

  /**
   * @param spSloOrigin the origin of the SP's SingleLogoutService, or null without SP logout
   */
  HomePage(IdpSessions sessions, @Nullable String spSloOrigin) {
    this.sessions = sessions;
    this.csp =
        spSloOrigin == null
            ? Html.CSP
            : Html.CSP.replace("form-action 'self'", "form-action 'self' " + spSloOrigin);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    IdpSessions.IdpSession session = sessions.find(exchange);
    SsoHandler.send(exchange, 200, csp, DevIdpPages.home(session == null ? null : session.user()));
  }

  @Override
  public String toString() {
    return "dev-idp-home";
  }
}
