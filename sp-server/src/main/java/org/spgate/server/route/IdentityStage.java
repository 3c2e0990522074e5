package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.List;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.BudgetCutLog;
import org.spgate.server.proxy.BudgetCuts;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.OverBudget;

/**
 * Adds the identity headers of the request's session, when it has one, for the backend, as the
 * route's header profile chooses them (every attribute without one), within the route's header
 * budget: what the budget's policy left out is logged once per session; a refusal is the page of
 * {@link OverBudget#reason()} naming the attribute, and the backend is not asked. Without a
 * session, the remote-user header of a client certificate the access stage took as the user.
 */
public final class IdentityStage implements HttpHandler {

  private final IdentityHeaders identity;
  private final BudgetCutLog cutLog;
  private final Clock clock;
  private final HttpHandler next;

  public IdentityStage(
      IdentityHeaders identity, BudgetCutLog cutLog, Clock clock, HttpHandler next) {
    this.identity = identity;
    this.cutLog = cutLog;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Session session = exchange.getAttachment(Attachments.SESSION);
    if (session != null) {
      // The chosen route comes first among the guards (Routes.Match).
      List<RouteConfig> guards = exchange.getAttachment(RouteStage.GUARDS);
      RouteConfig route = guards.get(0);
      String name = nameOf(route);
      BudgetCuts cuts;
      try {
        cuts =
            identity.add(
                exchange.getRequestHeaders(), session, clock.instant().getEpochSecond(), route);
      } catch (OverBudget e) {
        ErrorPages.overBudget(exchange, e.toRejection(name), e.attribute(), "identity-headers");
        return;
      }
      cutLog.noteOnce(CorrelationHandler.idOf(exchange), name, session, cuts);
    } else {
      String certificateUser = exchange.getAttachment(Attachments.CERTIFICATE_USER);
      if (certificateUser != null) {
        RouteConfig route = exchange.getAttachment(RouteStage.GUARDS).get(0);
        identity.addRemoteUser(exchange.getRequestHeaders(), route, certificateUser);
      }
    }
    next.handleRequest(exchange);
  }

  /** A route as the logs name it: host (if any) and path. */
  public static String nameOf(RouteConfig route) {
    return (route.host() == null ? "" : route.host()) + route.path();
  }

  @Override
  public String toString() {
    return "identity-headers -> " + next;
  }
}
