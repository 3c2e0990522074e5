package org.spgate.server.session;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreException;
import org.spgate.server.http.ErrorPages;

/**
 * Runs an endpoint that reads or ends sessions ({@code /Login}, {@code /Logout}, {@code /Session},
 * WS-Fed sign-out) where it may wait for the store: with a remote store, a bodiless request moves
 * to a worker thread first (a POST reads its body on the I/O thread and moves to a worker itself).
 * A store that cannot be reached answers 503 with {@link Reason#SESSION_STORE_UNAVAILABLE}.
 */
public final class SessionEndpoint implements HttpHandler {

  private final SessionStore store;
  private final HttpHandler endpoint;
  private final String where;

  public SessionEndpoint(SessionStore store, HttpHandler endpoint, String where) {
    this.store = store;
    this.endpoint = endpoint;
    this.where = where;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()
        && !store.answersImmediately()
        && !Methods.POST.equals(exchange.getRequestMethod())) {
      exchange.dispatch(this);
      return;
    }
    try {
      endpoint.handleRequest(exchange);
    } catch (SessionStoreException e) {
      ErrorPages.send(
          exchange,
          new Rejection(Reason.SESSION_STORE_UNAVAILABLE, e.getMessage(), e.getCause()),
          where);
    }
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }
}
