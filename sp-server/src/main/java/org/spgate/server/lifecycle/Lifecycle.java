package org.spgate.server.lifecycle;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;

/**
 * The serving state of one server: serving, draining (still serving, but readiness checks answer
 * 503 and each connection is closed after its response, so that load balancers and kept-alive
 * clients move to other nodes), and stopped (the listener is closed; only the requests already in
 * flight finish, counted by Undertow's {@link GracefulShutdownHandler}).
 */
public final class Lifecycle {

  private volatile boolean draining;
  private volatile boolean stopped;
  private @Nullable GracefulShutdownHandler inFlight;

  /**
   * The handler to put in front of {@code next}, whose requests it counts; called once, when the
   * chain is built.
   */
  public HttpHandler wrap(HttpHandler next) {
    if (inFlight != null) {
      throw new IllegalStateException("the lifecycle already wraps a handler chain");
    }
    GracefulShutdownHandler counting = new GracefulShutdownHandler(next);
    inFlight = counting;
    return new HttpHandler() {
      @Override
      public void handleRequest(HttpServerExchange exchange) throws Exception {
        handle(exchange, counting);
      }

      @Override
      public String toString() {
        return "lifecycle -> " + next;
      }
    };
  }

  private void handle(HttpServerExchange exchange, GracefulShutdownHandler inFlight)
      throws Exception {
    if (draining) {
      exchange.setPersistent(false);
      if (stopped) {
        // A request on a kept-alive connection after the listener closed: the client may retry it
        // on another node (503 and Connection: close).
        ErrorPages.render(exchange, Reason.SHUTTING_DOWN, CorrelationHandler.idOf(exchange));
        return;
      }
    }
    inFlight.handleRequest(exchange);
  }

  /** Turns readiness to "draining"; requests are still served. */
  public void beginDraining() {
    draining = true;
  }

  /** Whether the server is draining or stopped. */
  public boolean isDraining() {
    return draining;
  }

  /** Takes no new requests from here on; {@link #awaitInFlight} waits for those running. */
  public void stopTakingRequests() {
    draining = true;
    stopped = true;
    if (inFlight != null) {
      inFlight.shutdown();
    }
  }

  /** Waits up to {@code millis} for the requests in flight to end; whether they all did. */
  public boolean awaitInFlight(long millis) throws InterruptedException {
    return inFlight == null || inFlight.awaitShutdown(millis);
  }
}
