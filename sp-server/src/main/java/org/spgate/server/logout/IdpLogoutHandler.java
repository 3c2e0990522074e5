package org.spgate.server.logout;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.Endpoint;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessageReader;
import org.spgate.core.saml2.logout.LogoutMessageReader.IdpLogoutRequest;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.web.Html;
import org.spgate.core.web.UrlEncodedForm;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.FormReader;

/**
 * {@code {handlerPath}/SLO/Redirect} and {@code /SLO/POST}: the SAML 2.0 Single Logout messages an
 * IdP sends, told apart by their parameter: a LogoutResponse ({@code SAMLResponse}) answers a
 * logout spgate started and goes, once checked by the same reader, to {@link LogoutCompleter}; a
 * LogoutRequest ({@code SAMLRequest}) is an IdP-initiated logout. A message with both is refused.
 *
 * <p>The LogoutRequest is checked like an assertion at the ACS ({@link LogoutMessageReader}:
 * trusted issuer, signature required, Destination, time window, replay); then every session of its
 * NameID (only the one of its SessionIndex, when given) ends in the session store — on every node
 * when the store is shared — and the IdP gets a signed LogoutResponse by HTTP-Redirect at its
 * SingleLogoutService. The status is Success also when no session matched: the state the IdP asks
 * for (no session of that subject here) holds either way, and the IdP's own logout must go on.
 * Parsing, signature checks and the store run on a worker thread.
 */
public final class IdpLogoutHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(IdpLogoutHandler.class);

  private final LogoutMessageReader reader;
  private final LogoutMessages messages;
  private final LogoutCompleter completer;
  private final SessionStore store;
  private final IdpRegistry idps;
  private final SpCredential signingKey;
  private final String endpointUrl;
  private final boolean post;
  private final long maxBodyBytes;

  /**
   * @param endpointUrl the absolute URL of this endpoint, which Destination must name
   * @param post whether this is the HTTP-POST endpoint (else HTTP-Redirect)
   */
  public IdpLogoutHandler(
      LogoutMessageReader reader,
      LogoutMessages messages,
      LogoutCompleter completer,
      SessionStore store,
      IdpRegistry idps,
      SpCredential signingKey,
      String endpointUrl,
      boolean post) {
    this.reader = reader;
    this.messages = messages;
    this.completer = completer;
    this.store = store;
    this.idps = idps;
    this.signingKey = signingKey;
    this.endpointUrl = endpointUrl;
    this.post = post;
    this.maxBodyBytes = LogoutMessageReader.MAX_MESSAGE_BYTES * 2L + 16 * 1024;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (post) {
      FormReader.receive(exchange, maxBodyBytes, this::fromForm, (ex, e) -> refuse(ex, e));
      return;
    }
    if (!Methods.GET.equals(exchange.getRequestMethod())) {
      refuse(exchange, new Rejection(Reason.UNEXPECTED_MESSAGE, "SLO/Redirect takes GET only"));
      return;
    }
    String rawQuery = exchange.getQueryString();
    exchange.dispatch(
        worker -> {
          try {
            RedirectQuery query = RedirectQuery.parse(rawQuery);
            if (isResponse(
                query.raw(RedirectBinding.REQUEST), query.raw(RedirectBinding.RESPONSE))) {
              completer.complete(worker, reader.responseFromRedirect(rawQuery, endpointUrl));
              return;
            }
            logOut(worker, reader.requestFromRedirect(rawQuery, endpointUrl));
          } catch (Rejection e) {
            refuse(worker, e);
          } catch (SessionStoreException e) {
            refuse(
                worker,
                new Rejection(Reason.SESSION_STORE_UNAVAILABLE, e.getMessage(), e.getCause()));
          } catch (RuntimeException e) {
            CorrelationHandler.failed(worker, e);
          }
        });
  }

  private void fromForm(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection {
    String request = form.single(RedirectBinding.REQUEST);
    String response = form.single(RedirectBinding.RESPONSE);
    if (isResponse(request, response) && response != null) {
      completer.complete(
          exchange, reader.responseFromPost(response, form.single("RelayState"), endpointUrl));
      return;
    }
    if (request == null) {
      throw new Rejection(Reason.MISSING_MESSAGE, "no SAMLRequest or SAMLResponse field");
    }
    logOut(exchange, reader.requestFromPost(request, form.single("RelayState"), endpointUrl));
  }

  /**
   * Whether the message is a LogoutResponse ({@code response} given); a LogoutRequest otherwise,
   * the reader refusing a missing one.
   *
   * @throws Rejection {@link Reason#UNEXPECTED_MESSAGE} when both are given
   */
  private static boolean isResponse(@Nullable String request, @Nullable String response)
      throws Rejection {
    if (request != null && response != null) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE, "both SAMLRequest and SAMLResponse in one message");
    }
    return response != null;
  }

  private void logOut(HttpServerExchange exchange, IdpLogoutRequest request) {
    int ended =
        store.endSessionsOf(
            request.issuer(), request.subject().nameId(), request.subject().sessionIndex());
    LOG.info(
        "single logout from {} (request {}): {} session(s) ended{}",
        request.issuer(),
        request.id(),
        ended,
        request.subject().sessionIndex() == null ? "" : " for one SessionIndex");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    Endpoint answerAt =
        idps.find(request.issuer())
            .flatMap(idp -> idp.sloService(IdpDescriptor.REDIRECT_BINDING))
            .orElse(null);
    if (answerAt == null) {
      page(exchange);
      return;
    }
    LogoutResponse response =
        messages.response(
            RandomIds.samlId(), answerAt.location(), request.id(), StatusCode.SUCCESS, null);
    exchange.setStatusCode(StatusCodes.FOUND);
    exchange
        .getResponseHeaders()
        .put(
            Headers.LOCATION,
            RedirectBinding.encode(
                answerAt.location(),
                RedirectBinding.RESPONSE,
                OpenSaml.toXml(response),
                request.relayState(),
                signingKey));
    exchange.endExchange();
  }

  private static void page(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
    exchange
        .getResponseSender()
        .send(Html.page("Signed out", "<h1>Signed out</h1><p>Your session has ended.</p>"));
  }

  private void refuse(HttpServerExchange exchange, Rejection e) {
    ErrorPages.send(exchange, e, post ? "SLO/POST" : "SLO/Redirect");
  }

  @Override
  public String toString() {
    return post ? "slo(POST)" : "slo(Redirect)";
  }
}
