package org.spgate.server.access;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.spgate.server.http.Attachments;
import org.spgate.server.login.LoginStarter;

/** Applies the {@link AccessDecision}: on to the backend, or a login that returns here. */
public final class AccessStage implements HttpHandler {

  private final AccessDecision decision;
  private final LoginStarter login;
  private final HttpHandler next;

  public AccessStage(AccessDecision decision, LoginStarter login, HttpHandler next) {
    this.decision = decision;
    this.login = login;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    AccessDecision.Outcome outcome =
        decision.decide(
            exchange.getAttachment(Attachments.AUTH), exchange.getAttachment(Attachments.SESSION));
    if (outcome == AccessDecision.Outcome.LOGIN) {
      login.start(exchange, targetOf(exchange));
      return;
    }
    next.handleRequest(exchange);
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
