package org.spgate.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;

/**
 * The outermost handler: gives each request a correlation id (also sent as {@code
 * X-Correlation-Id}) and turns any exception that escapes the chain into a logged 500 page, so that
 * no request ends in a stack trace or a dropped connection.
 */
public final class CorrelationHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CorrelationHandler.class);
  private static final io.undertow.util.HttpString HEADER =
      new io.undertow.util.HttpString("X-Correlation-Id");

  private final HttpHandler next;

  public CorrelationHandler(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.getAttachment(Attachments.CORRELATION_ID) == null) {
      String id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
      exchange.putAttachment(Attachments.CORRELATION_ID, id);
    }
    exchange.getResponseHeaders().put(HEADER, idOf(exchange));
    try {
      next.handleRequest(exchange);
    } catch (Exception | StackOverflowError e) {
      failed(exchange, e);
    }
  }

  /**
   * Logs a failure that escaped a handler and answers with the 500 page, for the chain and for work
   * a handler dispatched to a worker thread.
   */
  public static void failed(HttpServerExchange exchange, Throwable e) {
    String id = idOf(exchange);
    LOG.error(
        "unhandled failure [{}] {} {}",
        id,
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        e);
    ErrorPages.render(exchange, Reason.INTERNAL, id);
  }

  /** The correlation id of {@code exchange}; set by this handler first thing. */
  public static String idOf(HttpServerExchange exchange) {
    String id = exchange.getAttachment(Attachments.CORRELATION_ID);
    return id == null ? "-" : id;
  }

  @Override
  public String toString() {
    return "correlation-id -> " + next;
  }
}
