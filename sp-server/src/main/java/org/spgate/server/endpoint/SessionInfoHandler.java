package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.spgate.core.session.Session;
import org.spgate.core.web.Html;
import org.spgate.server.http.Json;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/Session}: shows the current session — HTML for browsers with every value
 * escaped (Shibboleth prints them raw), JSON with {@code Accept: application/json} or {@code
 * ?format=json}. Never shows the session id itself, only its public form.
 */
public final class SessionInfoHandler implements HttpHandler {

  private final SessionLoader sessions;

  public SessionInfoHandler(SessionLoader sessions) {
    this.sessions = sessions;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Optional<Session> session = sessions.load(exchange);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (wantsJson(exchange)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange
          .getResponseSender()
          .send(session.map(SessionInfoHandler::json).orElse("{\"session\":null}") + "\n");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
    exchange
        .getResponseSender()
        .send(
            Html.page(
                "Session",
                session
                    .map(SessionInfoHandler::html)
                    .orElse("<h1>Session</h1><p>No session.</p>")));
  }

  private static String json(Session s) {
    String attributes =
        s.attributes().asMap().entrySet().stream()
            .map(
                e ->
                    Json.quote(e.getKey())
                        + ":["
                        + e.getValue().stream().map(Json::quote).collect(Collectors.joining(","))
                        + "]")
            .collect(Collectors.joining(","));
    return "{\"session\":{\"id\":"
        + Json.quote(s.publicId())
        + ",\"identityProvider\":"
        + Json.quote(s.idpEntityId())
        + ",\"protocol\":"
        + Json.quote(s.protocol().name())
        + ",\"authenticationInstant\":"
        + Json.quote(s.authnInstant())
        + ",\"authnContextClass\":"
        + Json.quote(s.authnContextClass())
        + ",\"expires\":"
        + Json.quote(Instant.ofEpochSecond(s.expiresEpochSecond()).toString())
        + ",\"attributes\":{"
        + attributes
        + "}}}";
  }

  private static String html(Session s) {
    StringBuilder rows = new StringBuilder();
    row(rows, "Session", s.publicId());
    row(rows, "Identity provider", s.idpEntityId());
    row(rows, "Protocol", s.protocol().name());
    row(rows, "Authentication instant", s.authnInstant());
    row(rows, "Authentication context", s.authnContextClass());
    row(rows, "Expires", Instant.ofEpochSecond(s.expiresEpochSecond()).toString());
    StringBuilder attributes = new StringBuilder();
    for (Map.Entry<String, List<String>> e : s.attributes().asMap().entrySet()) {
      row(attributes, e.getKey(), String.join("\n", e.getValue()));
    }
    return "<h1>Session</h1><table>"
        + rows
        + "</table><h2>Attributes</h2><table>"
        + attributes
        + "</table>";
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("<tr><th>")
        .append(Html.escape(name))
        .append("</th><td>")
        .append(value == null ? "" : Html.escape(value).replace("\n", "<br>"))
        .append("</td></tr>");
  }

  private static boolean wantsJson(HttpServerExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    var format = exchange.getQueryParameters().get("format");
    return (format != null && "json".equals(format.peekFirst()))
        || (accept != null && accept.contains("application/json"));
  }

  @Override
  public String toString() {
    return "session-info";
  }
}
