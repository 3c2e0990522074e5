package org.spgate.server.access;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.login.LoginStarter;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.route.RouteStage;

/**
 * Applies the {@link AccessDecision}: on to the backend (noting a client certificate that is the
 * user for the identity headers); a login that returns here (for an API client, a 401 JSON answer
 * naming the login URL instead); or the 403 page with a log line naming the route and the rule.
 */
public final class AccessStage implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.access");

  private final AccessDecision decision;
  private final LoginStarter login;
  private final IdentityHeaders identity;
  private final String loginEndpoint;
  private final HttpHandler next;

  /**
   * @param loginEndpoint the path of the SP's login endpoint ({@code {handlerPath}/Login}) that an
   *     API client is told to send the user to
   */
  public AccessStage(
      AccessDecision decision,
      LoginStarter login,
      IdentityHeaders identity,
      String loginEndpoint,
      HttpHandler next) {
    this.decision = decision;
    this.login = login;
    this.identity = identity;
    this.loginEndpoint = loginEndpoint;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Session session = exchange.getAttachment(Attachments.SESSION);
    List<RouteConfig> guards = exchange.getAttachment(RouteStage.GUARDS);
    AccessDecision.Result result =
        decision.decide(
            exchange.getAttachment(Attachments.AUTH),
            guards == null ? List.of() : guards,
            session,
            exchange.getAttachment(Attachments.CLIENT_CERTIFICATE));
    switch (result.outcome()) {
      case ALLOW -> {
        if (result.certificateUser() != null) {
          exchange.putAttachment(Attachments.CERTIFICATE_USER, result.certificateUser());
        }
        next.handleRequest(exchange);
      }
      case LOGIN -> {
        String target = targetOf(exchange);
        if (ErrorPages.isApiClient(exchange)) {
          ErrorPages.loginRequired(
              exchange,
              loginEndpoint + "?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
              CorrelationHandler.idOf(exchange));
          return;
        }
        login.start(exchange, target);
      }
      case DENY -> deny(exchange, session, result);
      case NO_USER ->
          ErrorPages.send(
              exchange,
              new Rejection(
                  Reason.CLIENT_CERTIFICATE_NO_USER,
                  "the verified client certificate names no user (clientCert.user) on "
                      + exchange.getRequestPath()),
              "access");
    }
  }

  private void deny(
      HttpServerExchange exchange, @Nullable Session session, AccessDecision.Result result) {
    String id = CorrelationHandler.idOf(exchange);
    String shown;
    if (session == null) {
      shown = "certificate user " + result.certificateUser();
    } else {
      String user = identity.remoteUserOf(session);
      shown = user != null ? user : "session " + session.publicId();
    }
    RouteConfig route = result.route();
    LOG.warn(
        "{} [{}] denied {} on route {}{} ({}): needs {}",
        Reason.ACCESS_DENIED.code(),
        id,
        shown,
        route.host() == null ? "" : route.host(),
        route.path(),
        route.accessName(),
        result.failed());
    ErrorPages.denied(exchange, String.valueOf(result.failed()), shown, id);
  }

  /** The path and query the user asked for; a POST's body is lost, it returns as a GET. */
  private static String targetOf(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    return exchange.getRequestPath() + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  @Override
  public String toString() {
    return "access -> " + next;
  }
}
