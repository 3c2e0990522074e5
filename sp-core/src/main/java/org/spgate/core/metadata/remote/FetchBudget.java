package org.spgate.core.metadata.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket of fetches: {@code perMinute} tokens, refilled evenly over a minute. It bounds how
 * often unknown entityIDs (any string a client puts in an Issuer) make spgate call the responder,
 * whatever the spread of names.
 */
final class FetchBudget {

  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final int perMinute;
  private final Clock clock;
  private double tokens;
  private Instant last;

  FetchBudget(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
    this.tokens = perMinute;
    this.last = clock.instant();
  }

  /** Takes one fetch if the budget has one left. */
  synchronized boolean tryTake() {
    Instant now = clock.instant();
    long elapsed = Math.max(0, Duration.between(last, now).toNanos());
    tokens = Math.min(perMinute, tokens + (double) elapsed * perMinute / MINUTE_NANOS);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
