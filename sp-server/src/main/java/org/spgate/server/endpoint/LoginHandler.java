package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Deque;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.login.LoginStarter;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/Login?target=...}: starts a login explicitly, like Shibboleth's
 * SessionInitiator. The target must pass the redirect policy; without one the user returns to the
 * site root. A user who already has a session goes straight to the target.
 */
public final class LoginHandler implements HttpHandler {

  private final LoginStarter starter;
  private final RedirectPolicy redirects;
  private final SessionLoader sessions;

  public LoginHandler(LoginStarter starter, RedirectPolicy redirects, SessionLoader sessions) {
    this.starter = starter;
    this.redirects = redirects;
    this.sessions = sessions;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Deque<String> targets = exchange.getQueryParameters().get("target");
    String target = targets == null || targets.isEmpty() ? "/" : targets.getFirst();
    String resolved;
    try {
      resolved = redirects.resolve(target);
    } catch (Rejection e) {
      ErrorPages.send(exchange, e, "Login");
      return;
    }
    if (sessions.load(exchange).isPresent()) {
      exchange.setStatusCode(StatusCodes.FOUND);
      exchange.getResponseHeaders().put(Headers.LOCATION, resolved);
      exchange.endExchange();
      return;
    }
    starter.start(exchange, resolved);
  }

  @Override
  public String toString() {
    return "login";
  }
}
