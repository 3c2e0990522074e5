package org.spgate.devidp.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Methods;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.web.UrlEncodedForm;

/**
 * Receives the development IdP's login form: a POST body of at most a given size, read without
 * holding a thread while it arrives, decoded by {@link UrlEncodedForm} and handed to a worker
 * thread, where the response is signed.
 *
 * <p>spgate's endpoints use their own receiver ({@code server.http.FormReader}), which also checks
 * the content type and turns a session-store failure into spgate's error page; the development IdP
 * needs neither: a body that is not a form simply lacks the fields it asks for.
 */
final class FormPost {

  /** The work to do with a complete form, on a worker thread. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection;
  }

  /** How a refusal is answered. */
  @FunctionalInterface
  interface Refusal {
    void handle(HttpServerExchange exchange, Rejection rejection);
  }

  private FormPost() {}

  /**
   * Receives the body of a POST and runs {@code handler}; anything else goes to {@code refused}.
   */
  static void receive(
      HttpServerExchange exchange, long maxBytes, Handler handler, Refusal refused) {
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      refused.handle(
          exchange,
          new Rejection(
              Reason.MISSING_MESSAGE, "expected GET or POST, got " + exchange.getRequestMethod()));
      return;
    }
    exchange.setMaxEntitySize(maxBytes);
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (received, body) ->
                received.dispatch(
                    worker -> {
                      try {
                        handler.handle(worker, UrlEncodedForm.parse(body));
                      } catch (Rejection e) {
                        refused.handle(worker, e);
                      }
                    }),
            (failed, e) ->
                refused.handle(
                    failed,
                    e instanceof RequestTooBigException
                        ? new Rejection(
                            Reason.MESSAGE_TOO_LARGE, "form body over " + maxBytes + " bytes")
                        : new Rejection(Reason.MISSING_MESSAGE, "unreadable form body")));
  }
}
