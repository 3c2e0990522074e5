package org.spgate.server.route;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import org.spgate.core.session.Session;
import org.spgate.server.http.Attachments;
import org.spgate.server.proxy.IdentityHeaders;

/**
 * Adds the identity headers of the request's session, when it has one, for the backend; without a
 * session, the remote-user header of a client certificate the access stage took as the user.
 */
public final class IdentityStage implements HttpHandler {

  private final IdentityHeaders identity;
  private final Clock clock;
  private final HttpHandler next;

  public IdentityStage(IdentityHeaders identity, Clock clock, HttpHandler next) {
    this.identity = identity;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Session session = exchange.getAttachment(Attachments.SESSION);
    if (session != null) {
      identity.add(exchange.getRequestHeaders(), session, clock.instant().getEpochSecond());
    } else {
      String certificateUser = exchange.getAttachment(Attachments.CERTIFICATE_USER);
      if (certificateUser != null) {
        identity.addRemoteUser(exchange.getRequestHeaders(), certificateUser);
      }
    }
    next.handleRequest(exchange);
  }

  @Override
  public String toString() {
    return "identity-headers -> " + next;
  }
}
