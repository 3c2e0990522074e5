package org.spgate.server.proxy.direct;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.BackendProxy;
import org.spgate.server.proxy.health.BackendHealth;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One client request on its way through {@link DirectForwarder}: the serialised request head, its
 * body (if any), the backend connection serving it, whether the one retry was used, the route's
 * other backends for a connect that fails, and one watchdog timer for the time limits of its
 * current phase. Touched only on the exchange's I/O thread, except {@link #queued} and {@link
 * #isDone}, read by the pool.
 *
 * <p>The limits (the {@code proxy} section's, or the route's own): waiting for a connection and for
 * the response head together at most {@code backendTimeout} from the request's arrival (from the
 * end of the request body when there is one, so an upload's own duration does not count); opening a
 * connection at most {@code connectTimeout}; while a body moves (request or response), at most
 * {@code stallTimeout} without a byte. Implementation note: the timer is armed once and re-armed
 * only when it fires early or a phase needs an earlier deadline, so a streamed body costs no timer
 * operation per buffer.
 */
final class Forward {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("spgate.refused");

  /** What the request is doing now, which decides the limit that applies. */
  enum Phase {
    /** Queued for a connection, or waiting for the response head. */
    WAITING,
    CONNECTING,
    /** The request body is being forwarded. */
    SENDING,
    /** The response body is being relayed. */
    STREAMING
  }

  final HttpServerExchange exchange;
  ByteBuffer request;
  final @Nullable RequestBody body;
  private DirectForwarder forwarder;
  @Nullable BackendConnection connection;

  /** The route's other backends to try when a connect fails; null for a route with one. */
  @Nullable BackendSet others;

  /** The index of the backend first chosen (for {@link BackendSet#failover}); -1 before. */
  int firstBackend = -1;

  /** Which connection attempt is current: a connect of an earlier one that ends is ignored. */
  private int attempt;

  /** Whether the backend's status and headers were set on the exchange. */
  boolean committed;

  /** Whether the request is in the pool's wait queue (written under the pool's queue). */
  volatile boolean queued;

  private volatile boolean done;
  private boolean retried;
  private Phase phase = Phase.WAITING;
  private long headDeadline;
  private long connectDeadline;
  private long lastProgress;
  private long armedAt;
  private XnioExecutor.@Nullable Key timer;

  Forward(
      HttpServerExchange exchange,
      ByteBuffer request,
      @Nullable RequestBody body,
      DirectForwarder forwarder) {
    this.exchange = exchange;
    this.request = request;
    this.body = body;
    this.forwarder = forwarder;
    long now = System.nanoTime();
    this.headDeadline = now + forwarder.headTimeoutNanos;
    this.lastProgress = now;
    arm();
  }

  boolean isHead() {
    return exchange.getRequestMethod().equals(Methods.HEAD);
  }

  boolean isDone() {
    return done;
  }

  /** Whether resending is safe: a safe method (RFC 9110 9.2.1) without a body, not yet retried. */
  boolean retryable() {
    return !retried && !done && body == null && DirectForwarder.isSafe(exchange.getRequestMethod());
  }

  /** Resends the request once on a fresh connection. */
  void retry() {
    retried = true;
    connection = null;
    forwarder.pool().acquire(this);
  }

  // --- phases --------------------------------------------------------------------------------

  /** A connection is being opened for this request; returns the attempt's number. */
  int connecting() {
    connectDeadline = System.nanoTime() + forwarder.connectTimeoutNanos;
    enter(Phase.CONNECTING);
    return attempt;
  }

  boolean isAttempt(int n) {
    return attempt == n;
  }

  long connectTimeoutNanos() {
    return forwarder.connectTimeoutNanos;
  }

  /**
   * Connection attempt {@code n} failed: the backend's health counts it, and the request moves to
   * another backend of the route if there is one (nothing of it was sent: the connection never
   * existed), else it fails with 502.
   */
  void connectFailed(int n, String detail) {
    if (n != attempt) {
      return; // reported when the watchdog gave up on it
    }
    BackendHealth health = BackendHealth.of(exchange);
    if (health != null) {
      health.connectFailed();
    }
    if (!done && !failover(detail)) {
      fail(detail);
    }
  }

  /**
   * Sends the request to another backend of the route, if it has one that is not marked down and
   * was not tried: only while no byte of the request left spgate (no body read from the client
   * either), so that nothing reaches two backends.
   */
  private boolean failover(String detail) {
    BackendSet set = others;
    RequestBody b = body;
    if (set == null || done || (b != null && b.started())) {
      return false;
    }
    DirectForwarder next = set.failover(this);
    if (next == null) {
      return false;
    }
    LOG.debug(
        "{} {}: {}; trying the next backend",
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        detail);
    attempt++;
    forwarder = next;
    request = next.head(exchange);
    connection = null;
    next.pool().acquire(this);
    return true;
  }

  /** The request head is on its way; the body (if any) follows. */
  void sending() {
    lastProgress = System.nanoTime();
    enter(body == null ? Phase.WAITING : Phase.SENDING);
  }

  /** The whole request body reached the backend: the wait for the head starts now. */
  void bodySent() {
    if (phase == Phase.SENDING) {
      headDeadline = System.nanoTime() + forwarder.headTimeoutNanos;
      enter(Phase.WAITING);
    }
  }

  /** The response head arrived: from now on only a stall ends the exchange. */
  void streaming() {
    lastProgress = System.nanoTime();
    BackendHealth health = BackendHealth.of(exchange);
    if (health != null) {
      health.answered();
    }
    if (phase != Phase.SENDING) {
      phase = Phase.STREAMING;
    }
  }

  /** Bytes moved. */
  void progress() {
    lastProgress = System.nanoTime();
  }

  private void enter(Phase p) {
    phase = p;
    long d = deadline();
    if (timer == null || d < armedAt) {
      arm();
    }
  }

  private long deadline() {
    return switch (phase) {
      case WAITING -> headDeadline;
      case CONNECTING -> connectDeadline;
      case SENDING, STREAMING -> lastProgress + forwarder.stallTimeoutNanos;
    };
  }

  private void arm() {
    XnioExecutor.Key old = timer;
    if (old != null) {
      old.remove();
    }
    armedAt = deadline();
    long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(armedAt - System.nanoTime()) + 1);
    timer = exchange.getIoThread().executeAfter(this::fired, wait, TimeUnit.MILLISECONDS);
  }

  private void fired() {
    timer = null;
    if (done) {
      return;
    }
    if (System.nanoTime() < deadline()) {
      arm();
      return;
    }
    switch (phase) {
      case WAITING -> {
        if (queued) {
          busy("no connection free within proxy.backendTimeout");
        } else {
          BackendHealth health = BackendHealth.of(exchange);
          if (others != null && health != null) {
            health.timedOut(); // with other backends to take its share, a hung one is skipped
          }
          abort("no response within proxy.backendTimeout");
        }
      }
      case CONNECTING -> connectFailed(attempt, "no connection within proxy.connectTimeout");
      case SENDING -> abort("request body stalled for proxy.stallTimeout");
      case STREAMING -> abort("response stalled for proxy.stallTimeout");
    }
  }

  private void abort(String detail) {
    BackendConnection c = connection;
    if (c != null) {
      c.close();
    }
    fail(detail);
  }

  // --- endings -------------------------------------------------------------------------------

  /** The response was relayed completely (or the client went away): stop the clock. */
  void done() {
    done = true;
    connection = null;
    XnioExecutor.Key t = timer;
    if (t != null) {
      t.remove();
      timer = null;
    }
    if (queued) {
      forwarder.pool().forget(this);
    }
    RequestBody b = body;
    if (b != null) {
      b.release();
    }
  }

  /**
   * The backend failed: spgate's 502 page if nothing was sent to the client yet, else the client's
   * connection is closed (its response is incomplete).
   */
  void fail(String detail) {
    if (done) {
      return;
    }
    end(Reason.BACKEND_UNAVAILABLE, BackendProxy.logFailure(exchange, detail));
  }

  /** No connection could be had (cap and queue full, or waited too long): 503. */
  void busy(String detail) {
    if (done) {
      return;
    }
    end(Reason.BACKEND_BUSY, BackendProxy.logFailure(exchange, detail));
  }

  /** The client's request body was refused while it streamed (bad chunk, too large). */
  void badRequestBody(Reason reason, String detail) {
    if (done) {
      return;
    }
    BackendConnection c = connection;
    if (c != null) {
      c.close(); // the backend never sees the end of this request
    }
    exchange.setPersistent(false);
    LOG.warn(
        "proxy {} [{}] {} from {}: {}",
        reason.code(),
        org.spgate.server.http.CorrelationHandler.idOf(exchange),
        reason,
        exchange.getSourceAddress(),
        detail);
    end(reason, org.spgate.server.http.CorrelationHandler.idOf(exchange));
  }

  private void end(Reason reason, String id) {
    if (done) {
      return;
    }
    RequestBody b = body;
    if (b != null && !b.complete()) {
      exchange.setPersistent(false); // the rest of the body is not read: the framing is lost
    }
    done();
    if (committed || exchange.isResponseStarted()) {
      IoUtils.safeClose(exchange.getConnection());
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().clear();
    ErrorPages.render(exchange, reason, id);
  }

  /** The response started and cannot be completed: the client connection is closed. */
  void clientLost(IOException e) {
    if (done) {
      return;
    }
    done();
    LOG.debug("proxied response to {} cut off: {}", exchange.getRequestPath(), e.getMessage());
    IoUtils.safeClose(exchange.getConnection());
    exchange.endExchange();
  }
}
