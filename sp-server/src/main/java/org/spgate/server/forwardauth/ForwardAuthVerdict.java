package org.spgate.server.forwardauth;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.access.AccessDecision;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.BudgetCutLog;
import org.spgate.server.proxy.BudgetCuts;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.OverBudget;
import org.spgate.server.route.IdentityStage;
import org.spgate.server.route.RouteStage;

/**
 * The answer of a forward-auth check, after the session, cleaning and client-certificate stages:
 * the proxy mode's {@link AccessDecision} on the original URL's route, the request's session and
 * the client certificate the proxy passed ({@code clientCert.fromProxy}, verified by spgate), then
 * 200 with an empty body and the identity headers (the proxy mode's names and encoding; on {@code
 * clientCert} routes also the {@code SSL_CLIENT_*} headers, and a certificate user's {@code
 * Remote-User}) in the response; 401 ({@code SPG-76}, JSON naming the login URL that returns to the
 * original URL; with {@code ?login=redirect} a browser gets a 302 to that URL instead) without a
 * user on a route that requires one; 403 ({@code SPG-75}) when an access rule refuses, ({@code
 * SPG-97}) when the certificate that is the user names none. Without {@code ?login=redirect} never
 * a redirect: the proxy decides what a 401 becomes (nginx: {@code error_page 401}). Each refusal is
 * logged with the correlation id.
 */
public final class ForwardAuthVerdict implements HttpHandler {

  static final AttachmentKey<OriginalUrl> ORIGINAL = AttachmentKey.create(OriginalUrl.class);

  private static final Logger LOG = LoggerFactory.getLogger("spgate.access");

  private final AccessDecision decision;
  private final IdentityHeaders identity;
  private final BudgetCutLog cutLog;
  private final String loginEndpoint;
  private final List<HttpString> clientCertHeaders;
  private final Clock clock;

  /**
   * @param loginEndpoint the absolute URL of {@code {handlerPath}/Login}
   * @param clientCertHeaders the names the client-certificate stage sets ({@code
   *     clientCert.headers}); on {@code clientCert} routes they are answered to the proxy, read
   *     from the request after the cleaner removed every client-sent spelling
   */
  public ForwardAuthVerdict(
      AccessDecision decision,
      IdentityHeaders identity,
      BudgetCutLog cutLog,
      String loginEndpoint,
      List<String> clientCertHeaders,
      Clock clock) {
    this.decision = decision;
    this.identity = identity;
    this.cutLog = cutLog;
    this.loginEndpoint = loginEndpoint;
    this.clientCertHeaders = clientCertHeaders.stream().map(HttpString::new).toList();
    this.clock = clock;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String id = CorrelationHandler.idOf(exchange);
    OriginalUrl original = exchange.getAttachment(ORIGINAL);
    String url =
        exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + original.pathAndQuery();
    Session session = exchange.getAttachment(Attachments.SESSION);
    List<RouteConfig> guards = exchange.getAttachment(RouteStage.GUARDS);
    AccessDecision.Result result =
        decision.decide(
            exchange.getAttachment(Attachments.AUTH),
            guards,
            session,
            exchange.getAttachment(Attachments.CLIENT_CERTIFICATE));
    switch (result.outcome()) {
      case ALLOW -> allow(exchange, session, result.certificateUser(), guards.get(0));
      case LOGIN -> {
        LOG.info(
            "{} [{}] forward-auth: no session for {} {}",
            Reason.LOGIN_REQUIRED.code(),
            id,
            original.method() == null ? "" : original.method(),
            url);
        String login = loginEndpoint + "?target=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        if (redirectsToLogin(exchange)) {
          exchange.setStatusCode(StatusCodes.FOUND);
          exchange.getResponseHeaders().put(Headers.LOCATION, login);
          exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
          exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
          exchange.endExchange();
        } else {
          ErrorPages.loginRequired(exchange, login, id);
        }
      }
      case DENY -> {
        String shown;
        if (session == null) {
          shown = "certificate user " + result.certificateUser();
        } else {
          String user = identity.remoteUserOf(session);
          shown = user != null ? user : "session " + session.publicId();
        }
        RouteConfig route = result.route();
        LOG.warn(
            "{} [{}] forward-auth denied {} on route {}{} ({}) for {}: needs {}",
            Reason.ACCESS_DENIED.code(),
            id,
            shown,
            route.host() == null ? "" : route.host(),
            route.path(),
            route.accessName(),
            url,
            result.failed());
        ErrorPages.denied(exchange, String.valueOf(result.failed()), shown, id);
      }
      case NO_USER ->
          ErrorPages.send(
              exchange,
              new Rejection(
                  Reason.CLIENT_CERTIFICATE_NO_USER,
                  "the verified client certificate names no user (clientCert.user) for " + url),
              ForwardAuthEndpoint.WHERE);
    }
  }

  /**
   * Whether a missing login is answered with a redirect to it: asked for by {@code ?login=redirect}
   * on the check's own URL, for proxies that return the answer to the browser as it is (Traefik
   * ForwardAuth); never for an API client (the original request's {@code Accept} or {@code
   * X-Requested-With}, which such a proxy passes on), which gets the 401 it can act on. nginx
   * cannot use it: {@code auth_request} takes only 2xx, 401 and 403.
   */
  private static boolean redirectsToLogin(HttpServerExchange exchange) {
    Deque<String> login = exchange.getQueryParameters().get("login");
    return login != null
        && login.size() == 1
        && "redirect".equals(login.getFirst())
        && !ErrorPages.isApiClient(exchange);
  }

  /**
   * 200 with the identity headers within {@code route}'s budget (the chosen route), or a
   * certificate user's remote-user header, and on {@code clientCert} routes the certificate's.
   */
  private void allow(
      HttpServerExchange exchange,
      @Nullable Session session,
      @Nullable String certificateUser,
      RouteConfig route) {
    // Built aside: a refusal must not leave half an identity in the error page's headers.
    HeaderMap headers = new HeaderMap();
    AuthMode clientCert = exchange.getAttachment(Attachments.CLIENT_CERT);
    if (clientCert != null && clientCert != AuthMode.NONE) {
      HeaderMap request = exchange.getRequestHeaders();
      for (HttpString name : clientCertHeaders) {
        String value = request.getFirst(name);
        if (value != null) {
          headers.put(name, value);
        }
      }
    }
    if (session == null && certificateUser != null) {
      identity.addRemoteUser(headers, route, certificateUser);
    }
    if (session != null) {
      String name = IdentityStage.nameOf(route);
      try {
        BudgetCuts cuts = identity.add(headers, session, clock.instant().getEpochSecond(), route);
        cutLog.noteOnce(CorrelationHandler.idOf(exchange), name, session, cuts);
      } catch (OverBudget e) {
        ErrorPages.overBudget(
            exchange, e.toRejection(name), e.attribute(), ForwardAuthEndpoint.WHERE);
        return;
      }
    }
    for (HeaderValues values : headers) {
      exchange.getResponseHeaders().putAll(values.getHeaderName(), values);
    }
    exchange.setStatusCode(StatusCodes.OK);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    exchange.endExchange();
  }

  @Override
  public String toString() {
    return "verdict";
  }
}
