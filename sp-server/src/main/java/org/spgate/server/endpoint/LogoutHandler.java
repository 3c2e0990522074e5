package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import java.util.Optional;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Rejection;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;
import org.spgate.core.web.Html;
import org.spgate.core.wsfed.WsFedRequests;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.session.LocalSignOut;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/Logout?return=...}: ends the local session and clears the cookie, then sends
 * the browser to {@code return} (same origin or allow-list only) or shows a signed-out page. A
 * WS-Federation session is ended at the IdP too: the browser goes to the IdP's passive endpoint
 * with {@code wa=wsignout1.0&wreply=<return>}. SAML 2.0 Single Logout with the IdP is not
 * performed.
 */
public final class LogoutHandler implements HttpHandler {

  private final LocalSignOut signOut;
  private final RedirectPolicy redirects;
  private final IdpRegistry idps;

  public LogoutHandler(
      SessionLoader sessions,
      SessionStore store,
      SessionCookies cookies,
      RedirectPolicy redirects,
      IdpRegistry idps) {
    this.signOut = new LocalSignOut(sessions, store, cookies);
    this.redirects = redirects;
    this.idps = idps;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Deque<String> returns = exchange.getQueryParameters().get("return");
    String location = null;
    if (returns != null && !returns.isEmpty()) {
      try {
        location = redirects.resolve(returns.getFirst());
      } catch (Rejection e) {
        ErrorPages.send(exchange, e, "Logout");
        return;
      }
    }
    Optional<Session> session = signOut.end(exchange, "logout");
    String idpSignOut =
        session
            .filter(s -> s.protocol() == Protocol.WSFED)
            .flatMap(s -> idps.find(s.idpEntityId()))
            .map(IdpDescriptor::passiveRequestorEndpoint)
            .orElse(null);
    if (idpSignOut != null) {
      location =
          WsFedRequests.signOutUrl(
              idpSignOut, location != null ? location : redirects.ownOrigin() + "/");
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (location != null) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, location);
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
    exchange
        .getResponseSender()
        .send(
            Html.page(
                "Signed out",
                "<h1>Signed out</h1><p>Your session with this site has ended. You may still be signed in"
                    + " at your identity provider; close the browser to end that too.</p>"));
  }

  @Override
  public String toString() {
    return "logout";
  }
}
