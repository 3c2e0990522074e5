package org.spgate.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * A token bucket per client address: each address may fail {@code perMinute} times in a burst and
 * regains one failure every {@code 60 s / perMinute}. A request reserves a token before its work
 * starts ({@link #tryReserve}) and gives it back unless the work failed in the counted way ({@link
 * #refund}), so concurrent requests from one address cannot exceed the budget either.
 *
 * <p>Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are tracked (least recently used
 * ones are dropped first) and an address idle for two minutes is forgotten, by which time its
 * bucket would be full again anyway.
 */
public final class AddressFailureBudget {

  static final long MAX_ADDRESSES = 100_000;

  private final double capacity;
  private final double tokensPerNano;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  /** A budget of {@code perMinute} failures per address and minute, on the system ticker. */
  public AddressFailureBudget(int perMinute) {
    this(perMinute, Ticker.systemTicker());
  }

  AddressFailureBudget(int perMinute, Ticker ticker) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, is " + perMinute);
    }
    this.capacity = perMinute;
    this.tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(2))
            .ticker(ticker)
            .build();
  }

  /** Takes one token of {@code address}; {@code false} when its budget is used up. */
  public boolean tryReserve(String address) {
    return buckets.get(address, a -> new Bucket(capacity, ticker.read())).take(this);
  }

  /** Gives back the token {@link #tryReserve} took: the work did not fail in the counted way. */
  public void refund(String address) {
    Bucket bucket = buckets.getIfPresent(address);
    if (bucket != null) {
      bucket.give(capacity);
    }
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized boolean take(AddressFailureBudget budget) {
      long now = budget.ticker.read();
      tokens = Math.min(budget.capacity, tokens + (now - refilledAt) * budget.tokensPerNano);
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized void give(double capacity) {
      tokens = Math.min(capacity, tokens + 1);
    }
  }
}
