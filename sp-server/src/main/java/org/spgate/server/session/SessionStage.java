package org.spgate.server.session;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.spgate.core.config.AuthMode;
import org.spgate.server.http.Attachments;

/**
 * Finds the request's session (attaching it to the exchange) on routes that use one; a route with
 * protection {@code none} never reads the cookie, so its backend never sees an identity.
 */
public final class SessionStage implements HttpHandler {

  private final SessionLoader sessions;
  private final HttpHandler next;

  public SessionStage(SessionLoader sessions, HttpHandler next) {
    this.sessions = sessions;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getAttachment(Attachments.AUTH) != AuthMode.NONE) {
      sessions.load(exchange);
    }
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "session -> " + next;
  }
}
