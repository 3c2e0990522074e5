package org.spgate.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.web.Html;
import org.spgate.server.metrics.Metrics;

/**
 * Answers a refused request: a small HTML page (or JSON for API clients) with the class of failure,
 * its code and the correlation id — never the detail, which goes to the log with the same
 * correlation id.
 */
public final class ErrorPages {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.refused");

  private ErrorPages() {}

  /**
   * Logs {@code rejection} (one line whose key/value pairs are the JSON fields: event, correlation
   * id, reason and code, where, and the issuer and message IDs when the message was read that far)
   * and answers with its reason's page.
   */
  public static void send(HttpServerExchange exchange, Rejection rejection, String where) {
    page(exchange, rejection.reason(), log(exchange, rejection, where));
  }

  /** Logs {@code rejection} as {@link #send} does and counts it; returns the correlation id. */
  private static String log(HttpServerExchange exchange, Rejection rejection, String where) {
    Reason reason = rejection.reason();
    String id = CorrelationHandler.idOf(exchange);
    Rejection.Message message = rejection.message();
    String issuer = message == null ? null : message.issuer();
    LoggingEventBuilder line =
        (reason.httpStatus() >= 500 ? LOG.atError() : LOG.atWarn())
            .addKeyValue("event", "refusal")
            .addKeyValue("correlationId", id)
            .addKeyValue("reason", reason.name())
            .addKeyValue("code", reason.code())
            .addKeyValue("where", where);
    if (message != null) {
      line =
          line.addKeyValue("idp", issuer)
              .addKeyValue("messageId", message.messageId())
              .addKeyValue("assertionId", message.assertionId());
    }
    if (reason.httpStatus() >= 500) {
      line.log(
          "{} {} [{}] {} {}: {}",
          where,
          reason.code(),
          id,
          reason,
          exchange.getRequestPath(),
          rejection.getMessage(),
          rejection.getCause());
    } else {
      line.log(
          "{} {} [{}] {} from {}: {}",
          where,
          reason.code(),
          id,
          reason,
          exchange.getSourceAddress(),
          rejection.getMessage());
    }
    Metrics.of(exchange).refused(reason, issuer);
    return id;
  }

  /**
   * Answers a request whose identity does not fit the route's header budget: the page of {@code
   * rejection}'s reason naming {@code attribute} (never its values), so that the user can tell the
   * support desk what to raise; logged as {@link #send} does.
   */
  public static void overBudget(
      HttpServerExchange exchange, Rejection rejection, String attribute, String where) {
    String id = log(exchange, rejection, where);
    Reason reason = rejection.reason();
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    prepare(exchange, reason);
    if (isApiClient(exchange)) {
      sendJson(exchange, reason, id, ",\"attribute\":" + Json.quote(attribute));
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    String body =
        "<h1>Service problem</h1>"
            + "<p>Your identity is too large for this application: the attribute <strong>"
            + Html.escape(attribute)
            + "</strong> does not fit the headers it accepts ("
            + reason.code()
            + ", "
            + Html.escape(reason.name())
            + ").</p>"
            + "<p>This is not something you did wrong; give the correlation id to your support"
            + " desk.</p>"
            + "<p class=\"muted\">Correlation id: <code>"
            + Html.escape(id)
            + "</code> &middot; "
            + Clock.systemUTC().instant()
            + "</p>";
    exchange.getResponseSender().send(Html.page("Service problem", body));
  }

  /** Answers with the page of {@code reason}, for a failure already logged. */
  public static void render(HttpServerExchange exchange, Reason reason, String correlationId) {
    Metrics.of(exchange).refused(reason, null);
    page(exchange, reason, correlationId);
  }

  private static void page(HttpServerExchange exchange, Reason reason, String correlationId) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(reason.httpStatus());
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
    if (wantsJson(exchange)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange
          .getResponseSender()
          .send(
              "{\"error\":\""
                  + reason.category()
                  + "\",\"code\":\""
                  + reason.code()
                  + "\",\"reason\":\""
                  + reason.name()
                  + "\",\"correlationId\":\""
                  + correlationId
                  + "\"}\n");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    String body =
        "<h1>"
            + Html.escape(title(reason))
            + "</h1>"
            + "<p>"
            + Html.escape(capitalised(reason.category()))
            + " ("
            + reason.code()
            + ", "
            + Html.escape(reason.name())
            + ").</p>"
            + "<p>"
            + Html.escape(advice(reason))
            + "</p>"
            + "<p class=\"muted\">Correlation id: <code>"
            + Html.escape(correlationId)
            + "</code> &middot; "
            + Clock.systemUTC().instant()
            + "</p>";
    exchange.getResponseSender().send(Html.page(title(reason), body));
  }

  /**
   * Answers a user who has a session but fails a route's access rule: 403 naming the requirement
   * that failed and who the user is, never the user's attribute values (the requirement is
   * described by the rule, see {@code core.access.Decision}).
   */
  public static void denied(
      HttpServerExchange exchange, String requirement, String user, String correlationId) {
    Reason reason = Reason.ACCESS_DENIED;
    Metrics.of(exchange).refused(reason, null);
    prepare(exchange, reason);
    if (isApiClient(exchange)) {
      sendJson(
          exchange,
          reason,
          correlationId,
          ",\"requirement\":" + Json.quote(requirement) + ",\"user\":" + Json.quote(user));
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    String body =
        "<h1>Access denied</h1>"
            + "<p>You are signed in as <strong>"
            + Html.escape(user)
            + "</strong>, but this page needs "
            + Html.escape(requirement)
            + " ("
            + reason.code()
            + ").</p>"
            + "<p>If you should have access, give the correlation id to your support desk.</p>"
            + "<p class=\"muted\">Correlation id: <code>"
            + Html.escape(correlationId)
            + "</code> &middot; "
            + Clock.systemUTC().instant()
            + "</p>";
    exchange.getResponseSender().send(Html.page("Access denied", body));
  }

  /**
   * Answers an API client without a session on a route that requires one: 401 JSON with the URL
   * that starts a login and returns to the request, instead of a redirect a script cannot follow.
   */
  public static void loginRequired(
      HttpServerExchange exchange, String loginUrl, String correlationId) {
    Reason reason = Reason.LOGIN_REQUIRED;
    Metrics.of(exchange).refused(reason, null);
    prepare(exchange, reason);
    sendJson(exchange, reason, correlationId, ",\"login\":" + Json.quote(loginUrl));
  }

  private static void prepare(HttpServerExchange exchange, Reason reason) {
    exchange.setStatusCode(reason.httpStatus());
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
  }

  private static void sendJson(
      HttpServerExchange exchange, Reason reason, String correlationId, String extra) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange
        .getResponseSender()
        .send(
            "{\"error\":"
                + Json.quote(reason.category())
                + ",\"code\":\""
                + reason.code()
                + "\",\"reason\":\""
                + reason.name()
                + "\",\"correlationId\":"
                + Json.quote(correlationId)
                + extra
                + "}\n");
  }

  /**
   * Whether the request comes from a script or API client rather than a page load: it asks for JSON
   * and not HTML, or it carries {@code X-Requested-With} (set by XHR libraries, and never by a
   * browser navigating).
   */
  public static boolean isApiClient(HttpServerExchange exchange) {
    return wantsJson(exchange) || exchange.getRequestHeaders().contains(X_REQUESTED_WITH);
  }

  private static final io.undertow.util.HttpString X_REQUESTED_WITH =
      new io.undertow.util.HttpString("X-Requested-With");

  private static String title(Reason reason) {
    if (reason.number() < 40) {
      return "Sign-in failed";
    }
    return reason.httpStatus() >= 500 ? "Service problem" : "Request refused";
  }

  private static String advice(Reason reason) {
    if (reason == Reason.LOGOUT_NOT_PENDING) {
      // The session ended when the logout started; only the IdP's confirmation is refused.
      return "You are signed out of this site. Your identity provider's answer did not match a"
          + " sign-out started here (it may have expired or been used already); close the browser"
          + " to end any sign-in that remains there.";
    }
    if (reason.number() < 40) {
      return "Your sign-in could not be accepted. Go back to the application and sign in again;"
          + " if it keeps failing, give the correlation id to your support desk.";
    }
    if (reason.httpStatus() >= 500) {
      return "Please try again in a moment; if it keeps failing, give the correlation id to your"
          + " support desk.";
    }
    return "The request was refused. If you followed a link, it may be broken or unsafe.";
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static boolean wantsJson(HttpServerExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }
}
