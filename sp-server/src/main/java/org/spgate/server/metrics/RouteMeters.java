package org.spgate.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.concurrent.TimeUnit;

/**
 * In front of a route's proxy: times each request from here to the end of its response (a
 * completion listener, run on the exchange's own thread) and counts the backend's failures that
 * {@link Metrics#backendFailed} reports for it.
 */
final class RouteMeters implements HttpHandler {

  static final AttachmentKey<RouteMeters> KEY = AttachmentKey.create(RouteMeters.class);

  private final Timer latency;
  private final Counter errors;
  private final Counter timeouts;
  private final HttpHandler next;

  RouteMeters(Timer latency, Counter errors, Counter timeouts, HttpHandler next) {
    this.latency = latency;
    this.errors = errors;
    this.timeouts = timeouts;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    exchange.putAttachment(KEY, this);
    exchange.addExchangeCompleteListener(
        (ex, nextListener) -> {
          latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          nextListener.proceed();
        });
    next.handleRequest(exchange);
  }

  /**
   * A failure of this route's backend. The proxy's watchdogs name the {@code proxy.*Timeout} that
   * expired in their detail; every other failure (refused, reset, malformed answer) is an error.
   */
  void failed(String detail) {
    (detail.contains("Timeout") ? timeouts : errors).increment();
  }

  @Override
  public String toString() {
    return "metrics -> " + next;
  }
}
