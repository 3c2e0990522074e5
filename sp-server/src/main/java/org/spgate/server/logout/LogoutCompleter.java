package org.spgate.server.logout;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogout;
import org.spgate.core.login.PendingLogouts;
import org.spgate.core.saml2.logout.LogoutMessageReader.IdpLogoutResponse;
import org.spgate.core.web.Html;

/**
 * Ends an SP-initiated Single Logout when the IdP's LogoutResponse arrives (already checked by the
 * reader: trusted issuer, signature, Destination, time, replay). Its InResponseTo must name a
 * pending logout, consumed here so it is answered once, that went to the same IdP (SAML profiles
 * 4.4.4.2); else {@link Reason#LOGOUT_NOT_PENDING}. Success sends the browser to the logout's
 * {@code return} URL (or a signed-out page); any other status shows a page saying the IdP did not
 * confirm — the local session ended when the logout started, whatever the IdP answers.
 */
public final class LogoutCompleter {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.login");

  private final PendingLogouts pending;

  public LogoutCompleter(PendingLogouts pending) {
    this.pending = pending;
  }

  /**
   * Answers {@code exchange} for {@code response}. Blocks on a shared store: worker threads only.
   *
   * @throws Rejection {@link Reason#LOGOUT_NOT_PENDING} when no logout of ours to its issuer is
   *     outstanding under its InResponseTo
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  public void complete(HttpServerExchange exchange, IdpLogoutResponse response) throws Rejection {
    PendingLogout logout =
        pending
            .consume(response.inResponseTo())
            .orElseThrow(
                () ->
                    new Rejection(
                        Reason.LOGOUT_NOT_PENDING,
                        "LogoutResponse InResponseTo '"
                            + response.inResponseTo()
                            + "' names no outstanding logout (expired, answered, or never sent)"));
    if (!logout.idpEntityId().equals(response.issuer())) {
      throw new Rejection(
          Reason.LOGOUT_NOT_PENDING,
          "logout "
              + logout.requestId()
              + " went to '"
              + logout.idpEntityId()
              + "' but '"
              + response.issuer()
              + "' answered");
    }
    LOG.info(
        "logout {} {} by {}",
        logout.requestId(),
        response.success() ? "confirmed" : "not confirmed",
        response.issuer());
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    String returnTo = logout.returnTo();
    if (response.success() && returnTo != null) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, returnTo);
      exchange.endExchange();
      return;
    }
    String next =
        returnTo == null ? "" : "<p><a href=\"" + Html.escape(returnTo) + "\">Continue</a></p>";
    page(
        exchange,
        response.success()
            ? "<h1>Signed out</h1><p>You are signed out of this site and of your identity"
                + " provider.</p>"
                + next
            : "<h1>Signed out of this site</h1><p>Your session with this site has ended, but your"
                + " identity provider did not confirm that you are signed out there. Close the"
                + " browser to end that sign-in too.</p>"
                + next);
  }

  private static void page(HttpServerExchange exchange, String body) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
    exchange.getResponseSender().send(Html.page("Signed out", body));
  }
}
