package org.spgate.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * A token bucket per client address: {@code perMinute} tokens in a burst, refilled evenly over a
 * minute ({@code 60 s / perMinute} per token). The login rate limit takes a token per request
 * ({@link LoginRateHandler}); the decryption-failure budget reserves one before the work and gives
 * it back unless decryption failed ({@link #refund}), so concurrent requests from one address
 * cannot exceed either.
 *
 * <p>Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are tracked (least recently used
 * ones dropped first, which errs on letting a request through), and an address idle for a minute is
 * forgotten, by which time its bucket would be full again anyway.
 */
public final class AddressBuckets {

  static final long MAX_ADDRESSES = 100_000;

  /**
   * The outcome of {@link #tryTake}.
   *
   * @param allowed whether a token was taken
   * @param retryAfterSeconds when refused, the whole seconds until the next token (at least 1)
   * @param firstRefusal when refused, whether the address was not refused just before (to log once)
   */
  public record Decision(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {}

  private static final Decision ALLOWED = new Decision(true, 0, false);

  private final double capacity;
  private final double tokensPerNano;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  /** {@code perMinute} tokens per address and minute, on the system ticker. */
  public AddressBuckets(int perMinute) {
    this(perMinute, Ticker.systemTicker());
  }

  AddressBuckets(int perMinute, Ticker ticker) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, is " + perMinute);
    }
    this.capacity = perMinute;
    this.tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(1))
            .executor(Runnable::run) // upkeep on the caller: no pool thread woken per request
            .ticker(ticker)
            .build();
  }

  /** Takes one token of {@code address}. */
  public Decision tryTake(String address) {
    return buckets.get(address, a -> new Bucket(capacity, ticker.read())).take(this);
  }

  /** Gives back the token {@link #tryTake} took: the work did not fail in the counted way. */
  public void refund(String address) {
    Bucket bucket = buckets.getIfPresent(address);
    if (bucket != null) {
      bucket.give(capacity);
    }
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;
    private boolean refusing;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized Decision take(AddressBuckets owner) {
      long now = owner.ticker.read();
      tokens = Math.min(owner.capacity, tokens + (now - refilledAt) * owner.tokensPerNano);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        refusing = false;
        return ALLOWED;
      }
      boolean first = !refusing;
      refusing = true;
      long wait = (long) Math.ceil((1 - tokens) / owner.tokensPerNano / 1e9);
      return new Decision(false, Math.max(1, wait), first);
    }

    synchronized void give(double capacity) {
      tokens = Math.min(capacity, tokens + 1);
    }
  }
}
