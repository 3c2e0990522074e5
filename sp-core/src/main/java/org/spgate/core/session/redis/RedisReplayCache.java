package org.spgate.core.session.redis;

import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The replay cache shared by every node on one Redis: {@code SET key 1 NX PX ttl}, where the TTL
 * runs until the assertion could no longer be accepted anyway. Redis runs commands one at a time,
 * so of two nodes posting the same assertion exactly one wins. The key is a SHA-256 of issuer and
 * ID: bounded in length whatever the IdP sends.
 */
public final class RedisReplayCache implements ReplayCache {

  private static final byte[] SEEN = {'1'};

  private final RedisConnection redis;
  private final Clock clock;

  public RedisReplayCache(RedisConnection redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public void consume(String issuer, String id, Instant keepUntil) throws Rejection {
    // At least a second: an entry that expires at once would let a replay through in that instant.
    long ttl = Math.max(1000, Duration.between(clock.instant(), keepUntil).toMillis());
    String ok =
        redis.await(
            redis
                .commands()
                .set(redis.key("replay", digest(issuer, id)), SEEN, SetArgs.Builder.nx().px(ttl)),
            "SET NX replay");
    if (ok == null) {
      throw new Rejection(Reason.REPLAYED, "assertion " + id + " of " + issuer + " already used");
    }
  }

  @Override
  public long size() {
    return -1;
  }

  private static String digest(String issuer, String id) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(issuer.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      return HexFormat.of().formatHex(sha256.digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
