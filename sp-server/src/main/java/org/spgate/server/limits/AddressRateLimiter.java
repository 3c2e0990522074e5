package org.spgate.server.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code perMinute} tokens, refilled evenly over a minute, one
 * taken per request. Addresses whose bucket is full again are forgotten when the table grows past
 * its bound, so the table holds only the addresses active within the last minute (and never more
 * than the bound: under a flood from more addresses it starts over, which errs on letting through).
 */
public final class AddressRateLimiter {

  /** The most addresses remembered at once. */
  static final int MAX_ADDRESSES = 100_000;

  private final int perMinute;
  private final double tokensPerNano;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** The outcome of {@link #tryAcquire}: allowed, or refused with a wait. */
  public record Decision(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {}

  private static final Decision ALLOWED = new Decision(true, 0, false);

  public AddressRateLimiter(int perMinute) {
    this.perMinute = perMinute;
    this.tokensPerNano = perMinute / 60e9;
  }

  /** Takes a token for {@code address} at {@code now} (nanoTime). */
  public Decision tryAcquire(String address, long now) {
    if (buckets.size() > MAX_ADDRESSES) {
      forgetIdle(now);
    }
    Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(perMinute, now));
    synchronized (bucket) {
      bucket.refill(now, perMinute, tokensPerNano);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.refusing = false;
        return ALLOWED;
      }
      boolean first = !bucket.refusing;
      bucket.refusing = true;
      long wait = (long) Math.ceil((1 - bucket.tokens) / tokensPerNano / 1e9);
      return new Decision(false, Math.max(1, wait), first);
    }
  }

  private void forgetIdle(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                e.getValue().refill(now, perMinute, tokensPerNano);
                return e.getValue().tokens >= perMinute;
              }
            });
    if (buckets.size() > MAX_ADDRESSES) {
      buckets.clear();
    }
  }

  /** How many addresses are remembered now. */
  public int size() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long last;
    boolean refusing;

    Bucket(int tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    void refill(long now, int capacity, double perNano) {
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
    }
  }
}
