package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import java.util.Optional;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.metadata.Endpoint;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.web.Html;
import org.spgate.core.wsfed.WsFedRequests;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.logout.LogoutStarter;
import org.spgate.server.session.LocalSignOut;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/Logout?return=...}: ends the local session and clears the cookie, then sends
 * the browser to {@code return} (same origin or allow-list only) or shows a signed-out page. The
 * session is ended at the IdP too where the IdP can be asked: a SAML 2.0 session whose IdP lists a
 * SingleLogoutService goes there with a signed LogoutRequest ({@link LogoutStarter}: a redirect, or
 * an auto-submitting form for an IdP with HTTP-POST only; {@code return} is then used when the
 * IdP's LogoutResponse arrives), a WS-Federation session to the IdP's passive endpoint with {@code
 * wa=wsignout1.0&wreply=<return>}.
 *
 * <p>Runs on a worker thread: the LogoutRequest is signed (CPU work) and a shared store may wait.
 */
public final class LogoutHandler implements HttpHandler {

  private final LocalSignOut signOut;
  private final RedirectPolicy redirects;
  private final IdpRegistry idps;
  private final LogoutStarter singleLogout;

  public LogoutHandler(
      SessionLoader sessions,
      SessionStore store,
      SessionCookies cookies,
      RedirectPolicy redirects,
      IdpRegistry idps,
      LogoutStarter singleLogout) {
    this.signOut = new LocalSignOut(sessions, store, cookies);
    this.redirects = redirects;
    this.idps = idps;
    this.singleLogout = singleLogout;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
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
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Optional<Endpoint> slo = session.flatMap(singleLogout::endpointFor);
    if (session.isPresent() && slo.isPresent()) {
      LogoutStarter.Outgoing request;
      try {
        request = singleLogout.start(session.get(), slo.get(), location);
      } catch (SessionStoreException e) {
        // Signed out here already; the IdP cannot be asked without the logout on record.
        ErrorPages.send(
            exchange,
            new Rejection(Reason.SESSION_STORE_UNAVAILABLE, e.getMessage(), e.getCause()),
            "Logout");
        return;
      }
      if (request.postedRequest() != null) {
        LogoutStarter.sendForm(exchange, request);
        return;
      }
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, request.location());
      exchange.endExchange();
      return;
    }
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
