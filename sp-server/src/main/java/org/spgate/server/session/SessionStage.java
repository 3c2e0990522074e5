package org.spgate.server.session;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.AuthMode;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStoreException;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.ErrorPages;

/**
 * Finds the request's session (attaching it to the exchange) on routes that use one; a route with
 * protection {@code none} never reads the cookie, so its backend never sees an identity.
 *
 * <p>With the in-process store the lookup is a call on the I/O thread, as cheap as a map read. With
 * a remote store (Redis) the exchange is suspended while the lookup is in flight and resumed on its
 * own I/O thread when the answer arrives: no I/O thread waits for the network. A lookup that fails
 * (store down, timeout) answers 503: a session that cannot be checked is never served, neither as
 * present nor as absent (an optional route would otherwise serve a signed-in user as anonymous).
 */
public final class SessionStage implements HttpHandler {

  private static final String WHERE = "session";

  private final SessionLoader sessions;
  private final HttpHandler next;

  public SessionStage(SessionLoader sessions, HttpHandler next) {
    this.sessions = sessions;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getAttachment(Attachments.AUTH) == AuthMode.NONE) {
      next.handleRequest(exchange);
      return;
    }
    if (sessions.answersImmediately() || !exchange.isInIoThread()) {
      try {
        sessions.load(exchange);
      } catch (SessionStoreException e) {
        unavailable(exchange, e);
        return;
      }
      next.handleRequest(exchange);
      return;
    }
    CompletionStage<Optional<Session>> lookup = sessions.lookup(exchange);
    if (lookup == null) {
      next.handleRequest(exchange);
      return;
    }
    // Suspends the exchange when this call returns; the answer resumes it on its I/O thread.
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            lookup.whenComplete(
                (session, failure) ->
                    exchange
                        .getIoThread()
                        .execute(
                            () ->
                                Connectors.executeRootHandler(
                                    resumed -> resume(resumed, session, failure), exchange))));
  }

  private void resume(HttpServerExchange exchange, Optional<Session> session, Throwable failure)
      throws Exception {
    if (failure != null) {
      unavailable(exchange, failure);
      return;
    }
    sessions.accept(exchange, session);
    next.handleRequest(exchange);
  }

  private static void unavailable(HttpServerExchange exchange, Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    ErrorPages.send(
        exchange,
        new Rejection(
            Reason.SESSION_STORE_UNAVAILABLE,
            "cannot check the session: " + cause.getMessage(),
            cause),
        WHERE);
  }

  @Override
  public String toString() {
    return "session -> " + next;
  }
}
