package org.spgate.server.lifecycle;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

  /**
   * A connection that outlives its request (a WebSocket tunnel), which Undertow no longer counts as
   * in flight: told when the server stops, it ends itself and is then {@link #untrack untracked}.
   */
  public interface LongLived {
    /** The server stops; called once, from the stopping thread. */
    void stopping();
  }

  private volatile boolean draining;
  private volatile boolean stopped;
  private @Nullable GracefulShutdownHandler inFlight;
  private final Set<LongLived> longLived = ConcurrentHashMap.newKeySet();

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

  /**
   * Tracks {@code connection} until it is untracked; false if the server is already stopping (the
   * caller ends it at once).
   */
  public boolean track(LongLived connection) {
    longLived.add(connection);
    if (stopped) {
      longLived.remove(connection);
      return false;
    }
    return true;
  }

  /** {@code connection} has ended. */
  public void untrack(LongLived connection) {
    if (longLived.remove(connection) && longLived.isEmpty()) {
      synchronized (longLived) {
        longLived.notifyAll();
      }
    }
  }

  /** The long-lived connections open now. */
  public int longLivedCount() {
    return longLived.size();
  }

  /**
   * Takes no new requests from here on and tells the long-lived connections to end; {@link
   * #awaitInFlight} waits for both.
   */
  public void stopTakingRequests() {
    draining = true;
    stopped = true;
    if (inFlight != null) {
      inFlight.shutdown();
    }
    for (LongLived connection : List.copyOf(longLived)) {
      connection.stopping();
    }
  }

  /**
   * Waits up to {@code millis} for the requests in flight and the long-lived connections to end;
   * whether they all did.
   */
  public boolean awaitInFlight(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    if (inFlight != null && !inFlight.awaitShutdown(millis)) {
      return false;
    }
    synchronized (longLived) {
      long left;
      while (!longLived.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(longLived, left);
      }
    }
    return longLived.isEmpty();
  }
}
