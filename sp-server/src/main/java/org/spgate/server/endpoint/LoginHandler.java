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
    String target =
        targetOf(
            exchange.getQueryString(),
            targets == null || targets.isEmpty() ? "/" : targets.getFirst());
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

  /**
   * The target as the caller meant it. Query parameters are not decoded (the server keeps URLs
   * raw), so an encoded target ({@code target=https%3A%2F%2F…}, as spgate's own 401 answers build
   * it) is decoded once here; an unencoded URL with its own query as the first parameter ({@code
   * target=https://host/app?a=1&b=2}, as nginx's {@code $scheme://$http_host$request_uri} gives it)
   * keeps everything after {@code target=}, so its {@code &b=2} is not lost. Either way the result
   * still has to pass the redirect policy.
   */
  static String targetOf(String rawQuery, String parameter) {
    String lower = parameter.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http%3a") || lower.startsWith("https%3a") || lower.startsWith("%2f")) {
      return java.net.URLDecoder.decode(
          parameter.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (rawQuery != null
        && rawQuery.startsWith("target=")
        && parameter.indexOf('?') >= 0
        && (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("/"))) {
      return rawQuery.substring("target=".length());
    }
    return parameter;
  }

  @Override
  public String toString() {
    return "login";
  }
}
