package org.spgate.core.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/**
 * A Caffeine {@link Ticker} driven by a {@link Clock}, so that cache expiry (sessions, replay
 * cache, logins in flight) moves with the same clock as assertion time checks.
 */
public final class ClockTicker implements Ticker {

  private final Clock clock;

  public ClockTicker(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long read() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public String toString() {
    return "ClockTicker[" + clock + "]";
  }
}
