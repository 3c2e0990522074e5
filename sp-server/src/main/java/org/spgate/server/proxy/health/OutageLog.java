package org.spgate.server.proxy.health;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * The log of one backend's failures, bounded: the first failure after a quiet period is logged at
 * once with its request and correlation id; the failures that follow within the interval (and the
 * requests refused while the backend is marked down) are only counted, and written as one summary
 * line with the first of them when the interval ends. A backend that keeps failing thus costs one
 * line per interval, whatever the request rate. Every failure is counted in {@link #failures()}.
 *
 * <p>Times are {@link System#nanoTime()} values. The caller runs {@link #tick} once per interval
 * while a window is open ({@link #failed} and {@link #refused} say when one opens).
 */
public final class OutageLog {

  private final String backend;
  private final long intervalNanos;
  private final Logger log;
  private final String code;

  private final LongAdder failures = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final LongAdder lines = new LongAdder();

  private boolean open;
  private long windowStart;
  private long suppressedFailures;
  private long suppressedRefusals;
  private String firstSuppressed = "";

  /**
   * @param backend the backend's URL, as the lines name it
   * @param intervalNanos the window length
   * @param log where the lines go
   * @param code the reason code the lines start with (e.g. {@code SPG-50})
   */
  public OutageLog(String backend, long intervalNanos, Logger log, String code) {
    this.backend = backend;
    this.intervalNanos = intervalNanos;
    this.log = log;
    this.code = code;
  }

  /**
   * Records a failed request; returns whether this opened a window (then the caller schedules
   * {@link #tick}).
   */
  public boolean failed(String correlationId, String request, String detail, long now) {
    failures.increment();
    boolean opened;
    synchronized (this) {
      opened = !open;
      if (opened) {
        open = true;
        windowStart = now;
      } else if (suppressedFailures++ == 0) {
        firstSuppressed = detail + " [" + correlationId + "]";
      }
    }
    if (opened) {
      lines.increment();
      log.warn(
          "{} [{}] backend {} failed for {}: {} (further failures of this backend are summed up"
              + " every {}s)",
          code,
          correlationId,
          backend,
          request,
          detail,
          TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
    }
    return opened;
  }

  /**
   * Records a request refused without trying the backend (it is marked down); returns whether this
   * opened a window.
   */
  public boolean refused(long now) {
    refusals.increment();
    synchronized (this) {
      suppressedRefusals++;
      if (open) {
        return false;
      }
      open = true;
      windowStart = now;
      return true;
    }
  }

  /**
   * Writes the summary of a window whose interval has passed and opens the next one if anything
   * happened in it. Returns whether a window is still open (then tick again after an interval).
   */
  public boolean tick(long now) {
    String line;
    synchronized (this) {
      if (!open) {
        return false;
      }
      if (now - windowStart < intervalNanos - intervalNanos / 16) {
        return true; // the timer fired early
      }
      line = summary(now - windowStart);
      open = line != null;
      windowStart = now;
    }
    if (line != null) {
      lines.increment();
      log.warn(line);
    }
    return line != null;
  }

  /**
   * Writes what the current window has counted so far (e.g. when the backend is back), and closes
   * it.
   */
  public void flush(long now) {
    String line;
    synchronized (this) {
      if (!open) {
        return;
      }
      line = summary(now - windowStart);
      open = false;
    }
    if (line != null) {
      lines.increment();
      log.warn(line);
    }
  }

  /** The summary of the counts held (and resets them), or null if there are none. */
  private String summary(long elapsed) {
    if (suppressedFailures == 0 && suppressedRefusals == 0) {
      return null;
    }
    String line =
        code
            + " backend "
            + backend
            + ": "
            + suppressedFailures
            + " more failure(s)"
            + (suppressedFailures > 0 ? " (first: " + firstSuppressed + ")" : "")
            + " and "
            + suppressedRefusals
            + " request(s) refused while marked down, in the last "
            + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(elapsed))
            + "s";
    suppressedFailures = 0;
    suppressedRefusals = 0;
    firstSuppressed = "";
    return line;
  }

  /** Requests that failed at this backend, since start. */
  public long failures() {
    return failures.sum();
  }

  /** Requests refused without trying this backend because it was marked down, since start. */
  public long refusals() {
    return refusals.sum();
  }

  /** Lines this log has written, since start. */
  public long lines() {
    return lines.sum();
  }
}
