package org.spgate.server.proxy.health;

/**
 * The up/down state of one backend, driven by the outcome of connection attempts.
 *
 * <p>Up: every request is let through; {@code failuresToMarkDown} consecutive connect failures
 * (and, on a route with several backends, response timeouts) mark the backend down. Down: requests
 * are refused until the back-off has passed; then the next request is let through as the probe, and
 * the others are refused while it runs. A probe that is answered marks the backend up; one that
 * fails doubles the back-off (up to the maximum). A probe whose outcome is not known within the
 * current back-off (it was served on a kept-alive connection, or its connect hangs) is replaced by
 * the next request, so the backend cannot stay locked out by a lost probe.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller. The up state is read
 * without a lock (one volatile read per request); transitions take this object's monitor.
 */
public final class BackendBreaker {

  /** The outcome of a connect failure for the caller to log. */
  public enum Transition {
    /** Nothing changed that deserves a log line. */
    NONE,
    /** The backend has just been marked down (from up). */
    MARKED_DOWN,
    /** The probe failed: down again, for a longer back-off. */
    STILL_DOWN
  }

  private final int failuresToMarkDown;
  private final long baseBackoffNanos;
  private final long maxBackoffNanos;

  private volatile boolean down;
  private volatile int consecutiveFailures;
  private long backoffNanos;
  private long downUntil;
  private boolean probing;
  private long probeStarted;
  private long downSince;

  public BackendBreaker(int failuresToMarkDown, long baseBackoffNanos, long maxBackoffNanos) {
    this.failuresToMarkDown = failuresToMarkDown;
    this.baseBackoffNanos = baseBackoffNanos;
    this.maxBackoffNanos = Math.max(baseBackoffNanos, maxBackoffNanos);
    this.backoffNanos = baseBackoffNanos;
  }

  /**
   * Whether a request may go to the backend now: 0 if yes (perhaps as the probe), else the
   * nanoseconds after which asking again makes sense (at least 1).
   */
  public long admit(long now) {
    if (!down) {
      return 0;
    }
    synchronized (this) {
      if (!down) {
        return 0;
      }
      if (now - downUntil < 0) {
        return downUntil - now;
      }
      if (probing && now - probeStarted < backoffNanos) {
        return Math.max(1, probeStarted + backoffNanos - now);
      }
      probing = true;
      probeStarted = now;
      return 0;
    }
  }

  /**
   * The backend was reached (spgate's engine reports it when a response head arrives). Returns how
   * long the backend had been down (nanos) if this marked it up again, else -1.
   */
  public long connected(long now) {
    if (!down && consecutiveFailures == 0) {
      return -1;
    }
    synchronized (this) {
      consecutiveFailures = 0;
      if (!down) {
        return -1;
      }
      down = false;
      probing = false;
      backoffNanos = baseBackoffNanos;
      return now - downSince;
    }
  }

  /**
   * A connection attempt to the backend failed, or (for a route with several backends) it did not
   * answer in time.
   */
  public synchronized Transition connectFailed(long now) {
    consecutiveFailures++;
    if (down) {
      if (!probing) {
        return Transition.NONE; // a connect started before the backend was marked down
      }
      probing = false;
      backoffNanos = Math.min(maxBackoffNanos, backoffNanos * 2);
      downUntil = now + backoffNanos;
      return Transition.STILL_DOWN;
    }
    if (consecutiveFailures < failuresToMarkDown) {
      return Transition.NONE;
    }
    down = true;
    probing = false;
    downSince = now;
    backoffNanos = baseBackoffNanos;
    downUntil = now + backoffNanos;
    return Transition.MARKED_DOWN;
  }

  /** Whether the backend is up with no failure counted: nothing for {@link #connected} to do. */
  public boolean clean() {
    return !down && consecutiveFailures == 0;
  }

  /**
   * How long from {@code now} the backend stays skipped: -1 when it is up, 0 when it is marked down
   * but its back-off has passed (a probe runs, or the next request is one), else the nanoseconds
   * left of the back-off.
   */
  public synchronized long downFor(long now) {
    if (!down) {
      return -1;
    }
    return Math.max(0, downUntil - now);
  }

  /** Whether the backend is marked down now. */
  public boolean isDown() {
    return down;
  }

  /** The back-off the backend is (or would next be) marked down for, in nanoseconds. */
  public synchronized long backoffNanos() {
    return backoffNanos;
  }

  /** Connect failures since the last successful connect. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }
}
