package org.spgate.server.proxy.health;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.net.URI;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.config.BackendHealthConfig;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.xnio.XnioIoThread;

/**
 * One backend's health as the proxy engine sees it: whether its requests may go to it ({@link
 * #admit}, or {@link BackendGroup#admit} for a route with several backends), the outcome of each
 * request ({@link #answered}, {@link #connectFailed}, {@link #timedOut}), and the failed requests
 * ({@link #failed}), logged through an {@link OutageLog}. The proxy puts the backend's instance on
 * each exchange it forwards ({@link #of}), so that the code that sees a failure needs no reference
 * to it.
 *
 * <p>Counters for metrics: {@link #failures()}, {@link #refusals()}, {@link #connectFailures()},
 * {@link #timesMarkedDown()}, {@link #logLines()}.
 */
public final class BackendHealth {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.refused");
  private static final AttachmentKey<BackendHealth> KEY = AttachmentKey.create(BackendHealth.class);

  private final String backend;
  private final BackendBreaker breaker;
  private final OutageLog outages;
  private final long intervalNanos;
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder markedDown = new LongAdder();

  public BackendHealth(URI backend, BackendHealthConfig config) {
    this.backend = backend.toString();
    this.intervalNanos = config.logInterval().toNanos();
    this.breaker =
        new BackendBreaker(
            config.failuresToMarkDown(), config.downFor().toNanos(), config.maxDownFor().toNanos());
    this.outages =
        new OutageLog(this.backend, intervalNanos, LOG, Reason.BACKEND_UNAVAILABLE.code());
  }

  /** The health of the backend {@code exchange} is forwarded to, if it is being forwarded. */
  public static @Nullable BackendHealth of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  /**
   * Lets {@code exchange} go to the backend (true; it is then attached for {@link #of}), or answers
   * it with a 503 page and {@code Retry-After} because the backend is marked down (false).
   */
  public boolean admit(HttpServerExchange exchange) {
    long wait = admitWait(System.nanoTime());
    if (wait == 0) {
      attach(exchange);
      return true;
    }
    refuse(exchange, wait);
    return false;
  }

  /** 0 if a request may go to the backend now (perhaps as its probe), else how long to wait. */
  long admitWait(long now) {
    return breaker.admit(now);
  }

  /** Marks {@code exchange} as forwarded to this backend ({@link #of}). */
  void attach(HttpServerExchange exchange) {
    exchange.putAttachment(KEY, this);
  }

  /** Answers {@code exchange} with 503 and a {@code Retry-After} of {@code waitNanos}. */
  void refuse(HttpServerExchange exchange, long waitNanos) {
    if (outages.refused(System.nanoTime())) {
      scheduleTick(exchange.getIoThread());
    }
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
    ErrorPages.render(exchange, Reason.BACKEND_DOWN, CorrelationHandler.idOf(exchange));
  }

  /**
   * The backend answered a request (its response head arrived): consecutive failures are forgotten,
   * and a backend marked down is up again. Reported at the head rather than at the connect, so that
   * a backend that accepts connections but never answers keeps counting timeouts ({@link
   * #timedOut}).
   */
  public void answered() {
    if (breaker.clean()) {
      return;
    }
    long now = System.nanoTime();
    long wasDown = breaker.connected(now);
    if (wasDown >= 0) {
      outages.flush(now);
      LOG.warn(
          "backend {} is up again after {} ms marked down",
          backend,
          TimeUnit.NANOSECONDS.toMillis(wasDown));
    }
  }

  /**
   * A request to the backend got no response head within its {@code backendTimeout}; counted like a
   * failed connect toward marking the backend down. Reported only for routes with several backends,
   * where skipping this one sends its share to the others: with one backend, a 503 instead of a
   * slow 502 would help no one.
   */
  public void timedOut() {
    failure("failures (the last a response timeout)");
  }

  /** A connection attempt to the backend failed (refused, or no connection within its timeout). */
  public void connectFailed() {
    connectFailures.increment();
    failure("connect failures");
  }

  private void failure(String what) {
    BackendBreaker.Transition t = breaker.connectFailed(System.nanoTime());
    if (t == BackendBreaker.Transition.MARKED_DOWN) {
      markedDown.increment();
      LOG.warn(
          "{} backend {} marked down after {} consecutive {}: it gets no requests for {} ms (503"
              + " when no other backend of the route is up), then one probe at a time tries it",
          Reason.BACKEND_DOWN.code(),
          backend,
          breaker.consecutiveFailures(),
          what,
          TimeUnit.NANOSECONDS.toMillis(breaker.backoffNanos()));
    }
  }

  /** Records that the backend failed {@code exchange}; returns the exchange's correlation id. */
  public String failed(HttpServerExchange exchange, String detail) {
    String id = CorrelationHandler.idOf(exchange);
    String request = exchange.getRequestMethod() + " " + exchange.getRequestPath();
    if (outages.failed(id, request, detail, System.nanoTime())) {
      scheduleTick(exchange.getIoThread());
    }
    return id;
  }

  /** Runs the outage log's window on an I/O thread's timer: no thread of its own. */
  private void scheduleTick(XnioIoThread thread) {
    try {
      thread.executeAfter(
          () -> {
            if (outages.tick(System.nanoTime())) {
              scheduleTick(thread);
            }
          },
          intervalNanos,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The server is stopping; the counts stay in the counters.
    }
  }

  /**
   * The backend's state for {@code {handlerPath}/Status}: {@code up}; {@code down} with the
   * nanoseconds its requests are still skipped; or {@code probing} (marked down, its back-off over:
   * one request at a time tries it).
   */
  public record State(String name, long downForNanos) {}

  /** The backend's state at {@code now} ({@link System#nanoTime()}). */
  public State state(long now) {
    long downFor = breaker.downFor(now);
    if (downFor < 0) {
      return new State("up", 0);
    }
    return downFor == 0 ? new State("probing", 0) : new State("down", downFor);
  }

  /** The backend's URL, as configured. */
  public String backend() {
    return backend;
  }

  /** Whether the backend is marked down now. */
  public boolean isDown() {
    return breaker.isDown();
  }

  /** Requests that failed at the backend, since start. */
  public long failures() {
    return outages.failures();
  }

  /** Requests answered with 503 without trying the backend, since start. */
  public long refusals() {
    return outages.refusals();
  }

  /** Failed connection attempts, since start. */
  public long connectFailures() {
    return connectFailures.sum();
  }

  /** How often the backend was marked down, since start. */
  public long timesMarkedDown() {
    return markedDown.sum();
  }

  /** Lines the backend's failures have written to the log, since start. */
  public long logLines() {
    return outages.lines();
  }

  @Override
  public String toString() {
    return "health(" + backend + ")";
  }
}
