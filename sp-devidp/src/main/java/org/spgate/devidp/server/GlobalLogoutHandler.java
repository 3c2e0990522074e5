package org.spgate.devidp.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.session.RandomIds;
import org.spgate.core.web.Html;
import org.spgate.core.web.UrlEncodedForm;
import org.spgate.devidp.ResponseSpec;

/**
 * {@code POST /logout}, the home page's "Log out of everything": ends the browser's IdP session
 * and, when the SP has a SingleLogoutService, sends the browser there with a LogoutRequest signed
 * in the query (the session's NameID and SessionIndex), whose ID is remembered until the SP's
 * LogoutResponse comes back to {@link SloHandler}. Without an IdP session, or without SP logout,
 * the "Signed out" page.
 */
final class GlobalLogoutHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalLogoutHandler.class);
  private static final long MAX_FORM_BYTES = 1024;

  /** Logouts sent and not answered are forgotten past this many (a demo has a handful). */
  static final int MAX_SENT = 1000;

  private final IdpSessions sessions;
  private final @Nullable SpLogout sp;
  private final LogoutMessages messages;
  private final SpCredential key;
  private final Set<String> sentRequests;

  GlobalLogoutHandler(
      IdpSessions sessions,
      @Nullable SpLogout sp,
      LogoutMessages messages,
      SpCredential key,
      Set<String> sentRequests) {
    this.sessions = sessions;
    this.sp = sp;
    this.messages = messages;
    this.key = key;
    this.sentRequests = sentRequests;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    FormPost.receive(exchange, MAX_FORM_BYTES, this::logOut, SsoHandler::refused);
  }

  private void logOut(HttpServerExchange exchange, UrlEncodedForm form) {
    IdpSessions.IdpSession session = sessions.end(exchange);
    if (session == null || sp == null) {
      SsoHandler.send(
          exchange,
          200,
          Html.CSP,
          DevIdpPages.signedOut("You are signed out of the development IdP."));
      return;
    }
    if (sentRequests.size() >= MAX_SENT) {
      sentRequests.stream().findAny().ifPresent(sentRequests::remove);
    }
    String id = RandomIds.samlId();
    sentRequests.add(id);
    LogoutRequest request =
        messages.request(
            id,
            sp.sloUrl(),
            new LogoutSubject(
                session.nameId(), ResponseSpec.PERSISTENT, null, null, session.sessionIndex()));
    LOG.info(
        "development IdP: {} logs out of everything; LogoutRequest {} to {}",
        session.user().username(),
        id,
        sp.sloUrl());
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange
        .getResponseHeaders()
        .put(
            Headers.LOCATION,
            RedirectBinding.encode(
                sp.sloUrl(), RedirectBinding.REQUEST, OpenSaml.toXml(request), null, key));
    exchange.endExchange();
  }

  @Override
  public String toString() {
    return "dev-idp-global-logout";
  }
}
