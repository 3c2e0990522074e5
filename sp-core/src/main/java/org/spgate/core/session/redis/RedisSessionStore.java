package org.spgate.core.session.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionCodec;
import org.spgate.core.session.SessionStore;

/**
 * Sessions in Redis, shared by every spgate node on it: one key per session ({@code prefix +
 * "session:" + id}, {@link SessionCodec}'s bytes) whose TTL is the idle timeout, never past the
 * session's absolute end. A lookup reads the value and its remaining TTL in one round trip
 * (pipelined); only when the TTL has dropped by more than the refresh interval is it pushed back,
 * so a busy session costs one write per interval, not per request. Logout deletes the key: every
 * node refuses the cookie from the next request on.
 */
public final class RedisSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
  private static final String KIND = "session";
  private static final String SUBJECT = "subject";

  /**
   * Adds a session id to its subject's set and extends the set's TTL to the session's, never
   * shortening it (a later session capped by a short SessionNotOnOrAfter must not drop the index of
   * an earlier, longer one). One script: atomic, one round trip.
   */
  private static final String INDEX_SCRIPT =
      "redis.call('SADD', KEYS[1], ARGV[1]) "
          + "local ttl = tonumber(ARGV[2]) "
          + "if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end "
          + "return 1";

  private final RedisConnection redis;
  private final long idleMillis;
  private final long refreshMillis;
  private final Clock clock;

  public RedisSessionStore(
      RedisConnection redis, Duration idleTimeout, Duration idleRefresh, Clock clock) {
    this.redis = redis;
    this.idleMillis = idleTimeout.toMillis();
    this.refreshMillis = idleRefresh.toMillis();
    this.clock = clock;
  }

  @Override
  public boolean answersImmediately() {
    return false;
  }

  @Override
  public void put(Session session) {
    long ttl = ttlMillis(session);
    if (ttl <= 0) {
      return;
    }
    redis.await(
        redis
            .commands()
            .set(
                redis.key(KIND, session.id()),
                SessionCodec.encode(session),
                io.lettuce.core.SetArgs.Builder.px(ttl)),
        "SET session");
    if (session.nameId() != null) {
      // Indexed until the absolute end: the idle timeout may be refreshed up to then.
      long untilEnd = session.expiresEpochSecond() * 1000 - clock.millis();
      redis.await(
          redis
              .commands()
              .<Long>eval(
                  INDEX_SCRIPT,
                  ScriptOutputType.INTEGER,
                  new String[] {subjectKey(session.idpEntityId(), session.nameId().value())},
                  session.id().getBytes(StandardCharsets.UTF_8),
                  Long.toString(untilEnd).getBytes(StandardCharsets.UTF_8)),
          "index session");
    }
  }

  @Override
  public int endSessionsOf(String idpEntityId, String nameId, @Nullable String sessionIndex) {
    String subject = subjectKey(idpEntityId, nameId);
    Set<byte[]> ids = redis.await(redis.commands().smembers(subject), "SMEMBERS subject");
    int ended = 0;
    for (byte[] raw : ids) {
      String id = new String(raw, StandardCharsets.UTF_8);
      String key = redis.key(KIND, id);
      byte[] bytes = redis.await(redis.commands().get(key), "GET session");
      if (bytes == null) {
        redis.await(redis.commands().srem(subject, raw), "SREM subject");
        continue;
      }
      Session session;
      try {
        session = SessionCodec.decode(id, bytes);
      } catch (IllegalArgumentException e) {
        LOG.warn("unreadable session record under {}: {}", key, e.getMessage());
        continue;
      }
      if (sessionIndex == null || sessionIndex.equals(session.sessionIndex())) {
        if (redis.await(redis.commands().del(key), "DEL session") > 0) {
          ended++;
        }
        redis.await(redis.commands().srem(subject, raw), "SREM subject");
      }
    }
    return ended;
  }

  /** The subject's index key: hashed, so a long or odd NameID makes a short, plain key. */
  private String subjectKey(String idpEntityId, String nameId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  SessionStore.subjectKey(idpEntityId, nameId).getBytes(StandardCharsets.UTF_8));
      return redis.key(SUBJECT, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<Session> find(String id) {
    return redis.await(lookup(id), "GET session");
  }

  @Override
  public CompletionStage<Optional<Session>> lookup(String id) {
    String key = redis.key(KIND, id);
    CompletionStage<byte[]> value = redis.commands().get(key);
    CompletionStage<Long> pttl = redis.commands().pttl(key);
    return value
        .thenCombine(pttl, (bytes, remaining) -> live(id, key, bytes, remaining))
        .exceptionally(
            e -> {
              throw redis.failed(
                  "GET session",
                  e instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                      ? c.getCause()
                      : e);
            });
  }

  private Optional<Session> live(String id, String key, byte[] bytes, Long remaining) {
    if (bytes == null) {
      return Optional.empty();
    }
    Session session;
    try {
      session = SessionCodec.decode(id, bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("unreadable session record under {}: {}", key, e.getMessage());
      return Optional.empty();
    }
    long ttl = ttlMillis(session);
    if (ttl <= 0) {
      return Optional.empty();
    }
    if (remaining != null && remaining >= 0 && remaining < idleMillis - refreshMillis) {
      // Activity: push the idle timeout back. Not awaited; a lost refresh costs at most one
      // interval of idle time, and the next request retries it.
      redis
          .commands()
          .pexpire(key, ttl)
          .whenComplete(
              (ok, e) -> {
                if (e != null) {
                  LOG.warn("cannot refresh the idle timeout of a session: {}", e.toString());
                }
              });
    }
    return Optional.of(session);
  }

  @Override
  public void remove(String id) {
    redis.await(redis.commands().del(redis.key(KIND, id)), "DEL session");
  }

  /** Sessions live in Redis; counting them would scan it, so this store does not. */
  @Override
  public long size() {
    return -1;
  }

  @Override
  public boolean isConnected() {
    return redis.isConnected();
  }

  @Override
  public String describe() {
    return redis.description();
  }

  private long ttlMillis(Session session) {
    long untilEnd = session.expiresEpochSecond() * 1000 - clock.millis();
    return Math.min(idleMillis, untilEnd);
  }
}
