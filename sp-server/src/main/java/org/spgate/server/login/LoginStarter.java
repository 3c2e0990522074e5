package org.spgate.server.login;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.LoginProtocol;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.login.ProtocolChoice;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.saml2.AuthnRequestFactory;
import org.spgate.core.saml2.LoginRequest;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.web.Html;
import org.spgate.core.wsfed.WsFedRequests;
import org.spgate.server.http.ErrorPages;

/**
 * Sends the browser to the IdP: records a pending login (request ID → same-origin target) and
 * answers with a redirect (HTTP-Redirect binding) or an auto-submitting form (HTTP-POST binding).
 * The target never leaves spgate; the IdP sees only an opaque RelayState.
 */
public final class LoginStarter {

  /** WS-Federation sign-in settings: the SP realm and its ADFS endpoint URL. */
  public record WsFed(String realm, String replyUrl, Clock clock) {}

  private final IdpDescriptor idp;
  private final AuthnRequestFactory requests;
  private final PendingLogins pending;
  private final Protocol protocol;
  private final WsFed wsFed;

  public LoginStarter(
      IdpDescriptor idp,
      LoginProtocol configured,
      AuthnRequestFactory requests,
      PendingLogins pending,
      WsFed wsFed) {
    this.idp = idp;
    this.requests = requests;
    this.pending = pending;
    this.wsFed = wsFed;
    this.protocol = ProtocolChoice.choose(idp, configured);
  }

  /** Starts a login that returns to {@code target}, a path on spgate's origin. */
  public void start(HttpServerExchange exchange, String target) {
    if (exchange.isInIoThread() && !pending.answersImmediately()) {
      // A shared store (Redis) may wait on the network: record the login on a worker thread.
      exchange.dispatch(() -> start(exchange, target));
      return;
    }
    String requestId = RandomIds.samlId();
    try {
      pending.put(new PendingLogin(requestId, target, idp.entityId(), protocol));
    } catch (SessionStoreException e) {
      ErrorPages.send(
          exchange,
          new Rejection(Reason.SESSION_STORE_UNAVAILABLE, e.getMessage(), e.getCause()),
          "Login");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (protocol == Protocol.WSFED) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange
          .getResponseHeaders()
          .put(
              Headers.LOCATION,
              WsFedRequests.signInUrl(
                  idp.passiveRequestorEndpoint(),
                  wsFed.realm(),
                  wsFed.replyUrl(),
                  PendingLogins.relayStateFor(requestId),
                  wsFed.clock().instant()));
      exchange.endExchange();
      return;
    }
    LoginRequest request = requests.create(idp, requestId, PendingLogins.relayStateFor(requestId));
    if (request.redirectUrl() != null) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, request.redirectUrl());
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    // The form needs one inline script to submit itself; the CSP allows exactly that hash-free
    // inline handler only on this page, and a button remains for browsers without scripts.
    exchange
        .getResponseHeaders()
        .put(
            Headers.CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
                + " form-action "
                + origin(request.postUrl())
                + "; frame-ancestors 'none'");
    exchange
        .getResponseSender()
        .send(
            Html.page(
                "Signing in",
                "<form method=\"post\" action=\""
                    + Html.escape(request.postUrl())
                    + "\">"
                    + "<input type=\"hidden\" name=\"SAMLRequest\" value=\""
                    + Html.escape(request.samlRequest())
                    + "\">"
                    + "<input type=\"hidden\" name=\"RelayState\" value=\""
                    + Html.escape(request.relayState())
                    + "\">"
                    + "<noscript><button type=\"submit\">Continue to sign in</button></noscript></form>"
                    + "<script>document.forms[0].submit()</script>"));
  }

  private static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** The IdP logins go to. */
  public IdpDescriptor idp() {
    return idp;
  }
}
