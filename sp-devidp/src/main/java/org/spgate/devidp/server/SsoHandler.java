package org.spgate.devidp.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.web.Html;
import org.spgate.core.web.UrlEncodedForm;
import org.spgate.devidp.ResponseMinter;
import org.spgate.devidp.ResponseSpec;

/**
 * The development IdP's SSO endpoint (HTTP-Redirect binding in, HTTP-POST binding out).
 *
 * <p>GET with {@code SAMLRequest}: the login page. POST with the same request plus username and
 * password: on success an auto-submitting form carrying the minted, signed {@code SAMLResponse}
 * (InResponseTo the request's ID) and the RelayState to the ACS, and a new IdP session ({@link
 * IdpSessions}) whose SessionIndex the assertion carries; on a wrong password the login page again
 * with 401. A GET from a browser whose IdP session lives is answered at once with that form (single
 * sign-on), until a single logout ends the session. The request is checked on both: its Issuer,
 * when present, must be the one SP this IdP is wired to, and its AssertionConsumerServiceURL, when
 * present, must be that SP's ACS URL, so assertions are never posted to a URL taken from the
 * request (400 otherwise).
 */
final class SsoHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SsoHandler.class);
  private static final long MAX_FORM_BYTES = 128 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final io.undertow.util.HttpString NOSNIFF_HEADER =
      new io.undertow.util.HttpString("X-Content-Type-Options");

  private final ResponseMinter minter;
  private final String spEntityId;
  private final String acsUrl;
  private final List<DevUser> users;
  private final IdpSessions sessions;

  SsoHandler(
      ResponseMinter minter,
      String spEntityId,
      String acsUrl,
      List<DevUser> users,
      IdpSessions sessions) {
    this.minter = minter;
    this.spEntityId = spEntityId;
    this.acsUrl = acsUrl;
    this.users = List.copyOf(users);
    this.sessions = sessions;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (!Methods.GET.equals(exchange.getRequestMethod())) {
      FormPost.receive(exchange, MAX_FORM_BYTES, this::post, SsoHandler::refused);
      return;
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    try {
      String samlRequest = query(exchange, "SAMLRequest");
      String relayState = query(exchange, "RelayState");
      AuthnRequestReader.Request request = check(samlRequest);
      IdpSessions.IdpSession session = sessions.find(exchange);
      if (session != null) {
        answer(exchange, request, relayState, session);
        return;
      }
      send(
          exchange,
          200,
          Html.CSP,
          DevIdpPages.login(exchange.getRequestPath(), samlRequest, relayState, users, null, ""));
    } catch (Rejection e) {
      refused(exchange, e);
    }
  }

  /** The 400 page of every refused request at the development IdP. */
  static void refused(HttpServerExchange exchange, Rejection e) {
    LOG.warn("development IdP refused a request: {}", e.getMessage());
    send(exchange, 400, Html.CSP, DevIdpPages.error(e.getMessage()));
  }

  /** On a worker thread, with the whole form. */
  private void post(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection {
    String samlRequest = form.single("SAMLRequest");
    String relayState = form.single("RelayState");
    AuthnRequestReader.Request request = check(samlRequest);
    String username = String.valueOf(form.single("username"));
    String password = String.valueOf(form.single("password"));
    DevUser user = authenticate(username, password);
    if (user == null) {
      LOG.info("development IdP: wrong username or password for '{}'", username);
      send(
          exchange,
          401,
          Html.CSP,
          DevIdpPages.login(
              exchange.getRequestPath(),
              samlRequest,
              relayState,
              users,
              "Wrong username or password.",
              username));
      return;
    }
    answer(exchange, request, relayState, sessions.create(exchange, user, nameIdOf(user)));
  }

  /** The auto-submitting form with a response for the session's user to {@code request}. */
  private void answer(
      HttpServerExchange exchange,
      AuthnRequestReader.Request request,
      @Nullable String relayState,
      IdpSessions.IdpSession session) {
    ResponseSpec spec = minter.spec(spEntityId, acsUrl);
    spec.inResponseTo = request.id();
    spec.nameId = session.nameId();
    spec.sessionIndex = session.sessionIndex();
    spec.attributes.putAll(session.user().attributes());
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    LOG.info(
        "development IdP: {} signed in; response to {} InResponseTo {}",
        session.user().username(),
        acsUrl,
        request.id());
    send(
        exchange,
        200,
        DevIdpPages.autoPostCsp(origin(acsUrl), nonce),
        DevIdpPages.autoPost(acsUrl, minter.mint(spec), relayState, nonce));
  }

  /** The user's persistent NameID for this SP: stable across logins, opaque to the SP. */
  private String nameIdOf(DevUser user) {
    return "_"
        + UUID.nameUUIDFromBytes(
            (spEntityId + "!" + user.username()).getBytes(StandardCharsets.UTF_8));
  }

  private AuthnRequestReader.Request check(@Nullable String samlRequest) throws Rejection {
    if (samlRequest == null || samlRequest.isEmpty()) {
      throw new Rejection(Reason.MISSING_MESSAGE, "no SAMLRequest");
    }
    AuthnRequestReader.Request request = AuthnRequestReader.read(samlRequest);
    if (request.issuer() != null && !request.issuer().equals(spEntityId)) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "AuthnRequest from '" + request.issuer() + "'; this IdP serves only " + spEntityId);
    }
    if (request.acsUrl() != null && !request.acsUrl().equals(acsUrl)) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "AssertionConsumerServiceURL '" + request.acsUrl() + "' is not the SP's " + acsUrl);
    }
    return request;
  }

  private @Nullable DevUser authenticate(String username, String password) {
    for (DevUser user : users) {
      boolean passwordOk =
          MessageDigest.isEqual(
              user.password().getBytes(StandardCharsets.UTF_8),
              password.getBytes(StandardCharsets.UTF_8));
      if (user.username().equals(username) && passwordOk) {
        return user;
      }
    }
    return null;
  }

  private static @Nullable String query(HttpServerExchange exchange, String name) {
    Map<String, Deque<String>> params = exchange.getQueryParameters();
    Deque<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Sends {@code html} with {@code status} and {@code csp}; every page of the IdP goes here. */
  static void send(HttpServerExchange exchange, int status, String csp, String html) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, csp);
    exchange.getResponseHeaders().put(NOSNIFF_HEADER, "nosniff");
    exchange.getResponseSender().send(html, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "dev-idp-sso(sp " + spEntityId + ", acs " + acsUrl + ", " + users.size() + " users)";
  }
}
