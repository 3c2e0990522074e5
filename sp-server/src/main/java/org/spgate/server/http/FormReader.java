package org.spgate.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.web.UrlEncodedForm;

/**
 * Receives an {@code application/x-www-form-urlencoded} POST body without holding a thread while it
 * arrives, with a cap on its size enforced before it is buffered, and then hands the decoded form
 * to a worker thread (parsing and signature checks are CPU work that must stay off the I/O
 * threads). The body is decoded from bytes in one pass by {@link UrlEncodedForm}: Undertow's form
 * parser built every value through a UTF-16 string builder, a tenth of the cost of a login, and a
 * worker thread blocked on the body's arrival cost a thread switch per chunk.
 */
public final class FormReader {

  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  /** The work to do with a complete form, on a worker thread. */
  @FunctionalInterface
  public interface FormHandler {
    void handle(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection;
  }

  /** How a refusal is answered (spgate's error page, or an endpoint's own answer). */
  @FunctionalInterface
  public interface RejectionHandler {
    void handle(HttpServerExchange exchange, Rejection rejection);
  }

  private FormReader() {}

  /**
   * Checks the method and content type, receives at most {@code maxBytes} of body and runs {@code
   * handler} with the form on a worker thread; any refusal, before or in {@code handler}, goes to
   * {@code rejected}.
   */
  public static void receive(
      HttpServerExchange exchange, long maxBytes, FormHandler handler, RejectionHandler rejected) {
    try {
      check(exchange, maxBytes);
    } catch (Rejection e) {
      rejected.handle(exchange, e);
      return;
    }
    exchange.setMaxEntitySize(maxBytes);
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (ex, body) -> ex.dispatch(worker -> handleOnWorker(worker, body, handler, rejected)),
            (ex, e) -> rejected.handle(ex, unreadable(e, maxBytes)));
  }

  private static void handleOnWorker(
      HttpServerExchange exchange, byte[] body, FormHandler handler, RejectionHandler rejected) {
    try {
      handler.handle(exchange, UrlEncodedForm.parse(body));
    } catch (Rejection e) {
      rejected.handle(exchange, e);
    } catch (SessionStoreException e) {
      // The login's session (or its login state) could not be stored: a clear page, not a 500.
      rejected.handle(
          exchange, new Rejection(Reason.SESSION_STORE_UNAVAILABLE, e.getMessage(), e.getCause()));
    } catch (RuntimeException e) {
      CorrelationHandler.failed(exchange, e);
    }
  }

  private static void check(HttpServerExchange exchange, long maxBytes) throws Rejection {
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      throw new Rejection(
          Reason.MISSING_MESSAGE, "expected a POST, got " + exchange.getRequestMethod());
    }
    if (!isForm(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
      throw new Rejection(
          Reason.MISSING_MESSAGE, "expected an application/x-www-form-urlencoded body");
    }
    if (exchange.getRequestContentLength() > maxBytes) {
      throw tooLarge(maxBytes);
    }
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int end = contentType.indexOf(';');
    String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
    return type.equalsIgnoreCase(FORM_TYPE);
  }

  private static Rejection unreadable(IOException e, long maxBytes) {
    if (e instanceof RequestTooBigException) {
      return tooLarge(maxBytes);
    }
    return new Rejection(Reason.MISSING_MESSAGE, "unreadable form body: " + e.getMessage());
  }

  private static Rejection tooLarge(long maxBytes) {
    return new Rejection(Reason.MESSAGE_TOO_LARGE, "form body over " + maxBytes + " bytes");
  }
}
