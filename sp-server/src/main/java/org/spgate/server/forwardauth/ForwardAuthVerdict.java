package org.spgate.server.forwardauth;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
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
 * The answer of a forward-auth check, after the session stage: the proxy mode's {@link
 * AccessDecision} on the original URL's route and the request's session, then 200 with an empty
 * body and the session's identity headers (the proxy mode's names and encoding) in the response;
 * 401 ({@code SPG-76}, JSON naming the login URL that returns to the original URL) without a
 * session on a route that requires one; 403 ({@code SPG-75}) when an access rule refuses. Never a
 * redirect: the proxy decides what a 401 becomes (nginx: {@code error_page 401}). Each refusal is
 * logged with the correlation id.
 */
public final class ForwardAuthVerdict implements HttpHandler {

  static final AttachmentKey<OriginalUrl> ORIGINAL = AttachmentKey.create(OriginalUrl.class);

  private static final Logger LOG = LoggerFactory.getLogger("spgate.access");

  private final AccessDecision decision;
  private final IdentityHeaders identity;
  private final BudgetCutLog cutLog;
  private final String loginEndpoint;
  private final Clock clock;

  /**
   * @param loginEndpoint the absolute URL of {@code {handlerPath}/Login}
   */
  public ForwardAuthVerdict(
      AccessDecision decision,
      IdentityHeaders identity,
      BudgetCutLog cutLog,
      String loginEndpoint,
      Clock clock) {
    this.decision = decision;
    this.identity = identity;
    this.cutLog = cutLog;
    this.loginEndpoint = loginEndpoint;
    this.clock = clock;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String id = CorrelationHandler.idOf(exchange);
    OriginalUrl original = exchange.getAttachment(ORIGINAL);
    String url =
        exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + original.pathAndQuery();
    if (exchange.getAttachment(Attachments.CLIENT_CERT) == AuthMode.REQUIRED) {
      // The TLS connection is the proxy's: spgate cannot see the client's certificate here.
      ErrorPages.send(
          exchange,
          new Rejection(
              Reason.CLIENT_CERTIFICATE_REQUIRED,
              "forward-auth cannot check a client certificate for " + url),
          ForwardAuthEndpoint.WHERE);
      return;
    }
    Session session = exchange.getAttachment(Attachments.SESSION);
    List<RouteConfig> guards = exchange.getAttachment(RouteStage.GUARDS);
    AccessDecision.Result result =
        decision.decide(exchange.getAttachment(Attachments.AUTH), guards, session);
    switch (result.outcome()) {
      case ALLOW -> allow(exchange, session, guards.get(0));
      case LOGIN -> {
        LOG.info(
            "{} [{}] forward-auth: no session for {} {}",
            Reason.LOGIN_REQUIRED.code(),
            id,
            original.method() == null ? "" : original.method(),
            url);
        ErrorPages.loginRequired(
            exchange,
            loginEndpoint + "?target=" + URLEncoder.encode(url, StandardCharsets.UTF_8),
            id);
      }
      case DENY -> {
        String user = identity.remoteUserOf(session);
        String shown = user != null ? user : "session " + session.publicId();
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
      // Not reached: forward-auth passes no client certificate to the decision.
      case NO_USER -> ErrorPages.render(exchange, Reason.CLIENT_CERTIFICATE_NO_USER, id);
    }
  }

  /**
   * 200 with the identity headers of {@code route} (the chosen route): those of its header profile,
   * within its budget, as a proxied request to it would carry.
   */
  private void allow(HttpServerExchange exchange, Session session, RouteConfig route) {
    if (session != null) {
      // Built aside: a refusal must not leave half an identity in the error page's headers.
      HeaderMap headers = new HeaderMap();
      String name = IdentityStage.nameOf(route);
      try {
        BudgetCuts cuts = identity.add(headers, session, clock.instant().getEpochSecond(), route);
        cutLog.noteOnce(CorrelationHandler.idOf(exchange), name, session, cuts);
      } catch (OverBudget e) {
        ErrorPages.overBudget(
            exchange, e.toRejection(name), e.attribute(), ForwardAuthEndpoint.WHERE);
        return;
      }
      for (HeaderValues values : headers) {
        exchange.getResponseHeaders().putAll(values.getHeaderName(), values);
      }
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
