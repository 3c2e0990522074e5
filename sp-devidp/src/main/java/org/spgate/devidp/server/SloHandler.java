package org.spgate.devidp.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Set;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.session.RandomIds;
import org.spgate.core.web.Html;

/**
 * The development IdP's SingleLogoutService, HTTP-Redirect binding only ({@code GET /slo}).
 *
 * <p>A {@code SAMLRequest} is the SP's logout: read by {@link SpLogoutReader} (signed by the SP,
 * Destination, time), then every IdP session of its NameID ends (only the one of its SessionIndex
 * when given), the browser's IdP cookie is cleared, and the browser goes back to the SP's
 * SingleLogoutService with a LogoutResponse signed in the query by the IdP's key, InResponseTo the
 * request, carrying its RelayState. A {@code SAMLResponse} answers a logout this IdP started
 * ({@link GlobalLogoutHandler}); its InResponseTo must name one it sent and has not seen answered,
 * and the page says whether the SP confirmed.
 */
final class SloHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SloHandler.class);

  private final SpLogoutReader reader;
  private final SpLogout sp;
  private final IdpSessions sessions;
  private final LogoutMessages messages;
  private final SpCredential key;
  private final Set<String> sentRequests;

  /**
   * @param sentRequests the IDs of LogoutRequests this IdP sent and has not seen answered
   */
  SloHandler(
      SpLogoutReader reader,
      SpLogout sp,
      IdpSessions sessions,
      LogoutMessages messages,
      SpCredential key,
      Set<String> sentRequests) {
    this.reader = reader;
    this.sp = sp;
    this.sessions = sessions;
    this.messages = messages;
    this.key = key;
    this.sentRequests = sentRequests;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    try {
      if (!Methods.GET.equals(exchange.getRequestMethod())) {
        throw new Rejection(Reason.UNEXPECTED_MESSAGE, "the SLO endpoint takes GET only");
      }
      RedirectQuery query = RedirectQuery.parse(exchange.getQueryString());
      if (query.raw(RedirectBinding.REQUEST) != null) {
        logOut(exchange, query);
      } else if (query.raw(RedirectBinding.RESPONSE) != null) {
        answered(exchange, reader.response(query));
      } else {
        throw new Rejection(Reason.MISSING_MESSAGE, "no SAMLRequest or SAMLResponse");
      }
    } catch (Rejection e) {
      SsoHandler.refused(exchange, e);
    }
  }

  private void logOut(HttpServerExchange exchange, RedirectQuery query) throws Rejection {
    LogoutRequest request = reader.request(query);
    String sessionIndex =
        request.getSessionIndexes().stream().map(SessionIndex::getValue).findFirst().orElse(null);
    int ended = sessions.endSessionsOf(request.getNameID().getValue(), sessionIndex);
    sessions.end(exchange);
    LOG.info(
        "development IdP: single logout from the SP (request {}): {} IdP session(s) ended",
        request.getID(),
        ended);
    LogoutResponse response =
        messages.response(
            RandomIds.samlId(), sp.sloUrl(), request.getID(), StatusCode.SUCCESS, null);
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange
        .getResponseHeaders()
        .put(
            Headers.LOCATION,
            RedirectBinding.encode(
                sp.sloUrl(),
                RedirectBinding.RESPONSE,
                OpenSaml.toXml(response),
                query.value("RelayState"),
                key));
    exchange.endExchange();
  }

  private void answered(HttpServerExchange exchange, LogoutResponse response) throws Rejection {
    String inResponseTo = response.getInResponseTo();
    if (inResponseTo == null || !sentRequests.remove(inResponseTo)) {
      throw new Rejection(
          Reason.UNSOLICITED,
          "LogoutResponse InResponseTo '" + inResponseTo + "' answers no logout this IdP sent");
    }
    boolean success = SpLogoutReader.success(response);
    LOG.info(
        "development IdP: the SP answered logout {}: {}",
        inResponseTo,
        success ? "success" : "not confirmed");
    SsoHandler.send(
        exchange,
        200,
        Html.CSP,
        DevIdpPages.signedOut(
            success
                ? "You are signed out of the development IdP and of the service."
                : "You are signed out of the development IdP; the service did not confirm its"
                    + " logout."));
  }

  @Override
  public String toString() {
    return "dev-idp-slo(sp " + sp.sloUrl() + ")";
  }
}
