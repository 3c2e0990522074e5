package org.spgate.core.config;

import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads the {@code sessions} section into a {@link SessionConfig}. */
final class SessionSection {

  static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  static final long DEFAULT_MAX_SESSIONS = 1_000_000;
  static final Duration DEFAULT_RECHECK = Duration.ofSeconds(30);
  static final String MEMORY = "memory";
  static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(500);
  static final String DEFAULT_KEY_PREFIX = "spgate:";
  static final Duration DEFAULT_IDLE_REFRESH = Duration.ofMinutes(1);
  static final Duration DEFAULT_PERSIST_INTERVAL = Duration.ofSeconds(30);

  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration MAX = Duration.ofDays(30);
  private static final Set<String> REDIS_SCHEMES =
      Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
  private static final ValueType<String> KEY_PREFIX =
      new ValueType<>(
          "1 to 64 printable ASCII characters without spaces",
          text -> {
            if (text.isEmpty()
                || text.length() > 64
                || !text.chars().allMatch(c -> c > 32 && c < 127)) {
              throw new IllegalArgumentException(
                  "expected 1 to 64 printable ASCII characters without spaces, got "
                      + ValueType.quote(text));
            }
            return text;
          });

  private SessionSection() {}

  /**
   * The session settings, defaults filled in; the timeout may not exceed the lifetime.
   *
   * @param files resolves {@code persist} against the config file's directory
   * @param credentialsConfigured whether {@code credentials} is set: the session file's key is
   *     derived from the first one
   */
  static SessionConfig read(YamlMapping sessions, FileChecks files, boolean credentialsConfigured) {
    Duration lifetime = sessions.get("lifetime", Durations.type(MIN, MAX), DEFAULT_LIFETIME);
    Duration timeout = sessions.get("timeout", Durations.type(MIN, MAX), DEFAULT_TIMEOUT);
    long maxSessions =
        sessions.get("maxSessions", ValueType.integer(1, 1_000_000_000), DEFAULT_MAX_SESSIONS);
    Duration recheck =
        sessions.get(
            "recheckInterval",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_RECHECK);
    if (timeout.compareTo(lifetime) > 0) {
      sessions.problem(
          "timeout",
          "inactivity timeout "
              + Durations.format(timeout)
              + " exceeds sessions.lifetime "
              + Durations.format(lifetime)
              + "; it would never apply");
    }
    String store = sessions.get("store", ValueType.TEXT, MEMORY);
    YamlMapping redisSection = sessions.mapping("redis");
    RedisConfig redis = null;
    if (!MEMORY.equals(store)) {
      redis = readRedis(sessions, store, redisSection, timeout);
    } else {
      redisSection.finish();
    }
    SessionPersistConfig persist =
        readPersist(sessions, files, !MEMORY.equals(store), credentialsConfigured);
    sessions.finish();
    return new SessionConfig(lifetime, timeout, maxSessions, recheck, redis, persist);
  }

  /**
   * {@code persist} and {@code persistInterval}: only for the in-process store (Redis already
   * outlives a restart), and only with configured credentials (a key generated at every start could
   * never read the file again).
   */
  private static @Nullable SessionPersistConfig readPersist(
      YamlMapping sessions, FileChecks files, boolean redis, boolean credentialsConfigured) {
    Path file = sessions.optional("persist", files.writableFile("session file"));
    Duration interval =
        sessions.get(
            "persistInterval",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_PERSIST_INTERVAL);
    if (file == null) {
      if (sessions.node("persist") == null && sessions.node("persistInterval") != null) {
        sessions.problem(
            "persistInterval", "has no effect without sessions.persist (the session file)");
      }
      return null;
    }
    if (redis) {
      sessions.problem(
          "persist",
          "sessions.persist keeps the in-process store across restarts; with sessions.store set to"
              + " Redis, sessions already live in Redis and outlive a restart: remove one of the"
              + " two");
      return null;
    }
    if (!credentialsConfigured) {
      sessions.problem(
          "persist",
          "needs credentials (the key of credentials[0] derives the session file's key); none is"
              + " configured, and a key generated at every start could never read the file again:"
              + " set credentials (spgate keygen writes a key pair)");
      return null;
    }
    return new SessionPersistConfig(file, interval);
  }

  private static @Nullable RedisConfig readRedis(
      YamlMapping sessions, String uri, YamlMapping redis, Duration idleTimeout) {
    Duration timeout =
        redis.get(
            "timeout",
            Durations.type(Duration.ofMillis(10), Duration.ofSeconds(30)),
            DEFAULT_REDIS_TIMEOUT);
    String keyPrefix = redis.get("keyPrefix", KEY_PREFIX, DEFAULT_KEY_PREFIX);
    boolean cluster = redis.get("cluster", ValueType.BOOLEAN, false);
    Duration idleRefresh =
        redis.get("idleRefresh", Durations.type(Duration.ofSeconds(1), MAX), DEFAULT_IDLE_REFRESH);
    if (idleRefresh.compareTo(idleTimeout) >= 0) {
      redis.problem(
          "idleRefresh",
          "idle refresh interval "
              + Durations.format(idleRefresh)
              + " must be shorter than sessions.timeout "
              + Durations.format(idleTimeout));
    }
    redis.finish();
    int colon = uri.indexOf("://");
    String scheme = colon < 0 ? "" : uri.substring(0, colon);
    if (!REDIS_SCHEMES.contains(scheme)) {
      sessions.problem(
          "store",
          "expected memory or a Redis URI (redis://, rediss://, redis-sentinel://,"
              + " rediss-sentinel://), got "
              + ValueType.quote(scheme.isEmpty() ? uri : scheme + "://…"));
      return null;
    }
    try {
      RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      // The message of a URI parser may quote the URI, password included: not repeated here.
      sessions.problem("store", "not a valid Redis URI (" + scheme + "://host:port/db expected)");
      return null;
    }
    return new RedisConfig(uri, cluster, timeout, keyPrefix, idleRefresh);
  }
}
