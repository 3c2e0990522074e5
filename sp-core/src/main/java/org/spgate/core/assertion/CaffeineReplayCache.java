package org.spgate.core.assertion;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The replay cache of one process (the default): a bounded Caffeine cache.
 *
 * <p>Atomic: of two concurrent posts of the same assertion exactly one wins. Bounded: when full,
 * the oldest entries go first — a flood of unique IDs can push out old ones, but an evicted ID was
 * about to expire and still has to pass the time checks.
 */
public final class CaffeineReplayCache implements ReplayCache {

  private final Cache<String, Instant> seen;
  private final Clock clock;

  public CaffeineReplayCache(long maxEntries, Clock clock, Ticker ticker) {
    this.clock = clock;
    this.seen =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .ticker(ticker)
            .expireAfter(new UntilExpiry())
            .build();
  }

  @Override
  public void consume(String issuer, String id, Instant keepUntil) throws Rejection {
    Instant previous = seen.asMap().putIfAbsent(issuer + '\n' + id, keepUntil);
    if (previous != null) {
      throw new Rejection(Reason.REPLAYED, "assertion " + id + " of " + issuer + " already used");
    }
  }

  /**
   * Every consumed assertion still remembered: the key (issuer, a line feed, the assertion ID) and
   * until when it is kept ({@code sessions.persist} writes them so that a restart does not reopen
   * them to replay).
   */
  public Map<String, Instant> snapshot() {
    Instant now = clock.instant();
    Map<String, Instant> held = new HashMap<>();
    seen.asMap()
        .forEach(
            (key, keepUntil) -> {
              if (keepUntil.isAfter(now)) {
                held.put(key, keepUntil);
              }
            });
    return held;
  }

  /**
   * Remembers again an entry of {@link #snapshot} (of an earlier run) until its time.
   *
   * @return whether it was restored; false when its time has passed
   */
  public boolean restore(String key, Instant keepUntil) {
    if (!keepUntil.isAfter(clock.instant())) {
      return false;
    }
    seen.asMap().putIfAbsent(key, keepUntil);
    return true;
  }

  @Override
  public long size() {
    seen.cleanUp();
    return seen.estimatedSize();
  }

  private final class UntilExpiry implements Expiry<String, Instant> {
    @Override
    public long expireAfterCreate(String key, Instant keepUntil, long currentTime) {
      long nanos = Duration.between(clock.instant(), keepUntil).toNanos();
      return Math.max(nanos, 0);
    }

    @Override
    public long expireAfterUpdate(String key, Instant value, long currentTime, long duration) {
      return duration;
    }

    @Override
    public long expireAfterRead(String key, Instant value, long currentTime, long duration) {
      return duration;
    }
  }
}
