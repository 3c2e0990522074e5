package org.spgate.core.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;

/**
 * A Caffeine {@link Ticker} driven by a {@link Clock}, so that cache expiry (sessions, replay
 * cache, logins in flight) moves with the same clock as assertion time checks.
 */
public final class ClockTicker implements Ticker {

  private final Clock clock;

  public ClockTicker(Clock clock) {
    this.clock = clock;
  }

  /**
   * Millisecond resolution is ample for expiry measured in minutes, and {@link Clock#millis} of the
   * system clock is a plain {@code currentTimeMillis}, cheaper than building an {@code Instant} on
   * every session lookup.
   */
  @Override
  public long read() {
    return clock.millis() * 1_000_000L;
  }

  @Override
  public String toString() {
    return "ClockTicker[" + clock + "]";
  }
}
