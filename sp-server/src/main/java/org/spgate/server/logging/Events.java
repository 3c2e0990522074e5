package org.spgate.server.logging;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.config.LoggingConfig;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.http.CorrelationHandler;

/**
 * The structured log events of logins and proxied requests. Each is one line whose fields are SLF4J
 * key/value pairs: in JSON they are the object's fields, in text they follow the message. The login
 * line names the IdP, the message and assertion IDs and the session, never an attribute value or
 * the user's name unless {@code logging.attributeValues} is on (personal data in logs is an
 * operator's explicit choice for debugging an attribute release).
 */
public final class Events {

  private static final Logger LOGIN = LoggerFactory.getLogger("spgate.login");

  private final boolean accessLog;
  private final boolean attributeValues;

  public Events(LoggingConfig config) {
    this.accessLog = config.accessLog();
    this.attributeValues = config.attributeValues();
  }

  /**
   * A completed login: the session {@code session} was created from {@code assertion} (from the
   * protocol message {@code messageId}, null where the protocol has none) and the browser is sent
   * to {@code location}.
   *
   * @param user the remote user, or null when none of the configured attributes was present
   * @param remoteUserAttributes the attributes the remote user is taken from (names only)
   */
  public void login(
      HttpServerExchange exchange,
      VerifiedAssertion assertion,
      @Nullable String messageId,
      Session session,
      @Nullable String user,
      List<String> remoteUserAttributes,
      String location) {
    String id = CorrelationHandler.idOf(exchange);
    LoggingEventBuilder line =
        LOGIN
            .atInfo()
            .addKeyValue("event", "login")
            .addKeyValue("correlationId", id)
            .addKeyValue("idp", assertion.issuer())
            .addKeyValue("protocol", assertion.protocol().toString())
            .addKeyValue("messageId", messageId)
            .addKeyValue("assertionId", assertion.assertionId())
            .addKeyValue("session", session.publicId())
            .addKeyValue("attributes", session.attributes().size());
    String who;
    if (attributeValues) {
      Map<String, List<String>> values = session.attributes().asMap();
      line = line.addKeyValue("user", user).addKeyValue("attributeValues", values);
      who = user != null ? user : "(no remote user)";
    } else {
      who =
          user != null
              ? "a user"
              : "(no remote user: none of headers.remoteUserAttributes "
                  + remoteUserAttributes
                  + " present)";
    }
    line.log(
        "login [{}] session {} for {} from {} via {}, {} attributes, to {}",
        id,
        session.publicId(),
        who,
        assertion.issuer(),
        assertion.protocol(),
        session.attributes().size(),
        location);
  }

  /**
   * {@code proxy} with one access log line per request of {@code route} (logger {@code
   * spgate.requests}); {@code proxy} itself when {@code logging.accessLog} is off.
   */
  public HttpHandler accessLog(RouteConfig route, HttpHandler proxy) {
    return accessLog ? new AccessLog(route, proxy) : proxy;
  }
}
