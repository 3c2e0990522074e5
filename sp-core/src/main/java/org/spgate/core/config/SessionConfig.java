package org.spgate.core.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Limits of the server-side session store, and where it is.
 *
 * @param lifetime absolute lifetime of a session, from login
 * @param timeout inactivity after which a session ends
 * @param maxSessions how many sessions are kept at most in memory (the oldest are evicted)
 * @param recheck how often a connection that outlives its request (an upgraded WebSocket) looks its
 *     session up again, and is closed when the session has ended
 * @param redis the shared Redis store, or {@code null} for the in-process store
 * @param persist the file the in-process store is kept in across restarts, or {@code null}
 */
public record SessionConfig(
    Duration lifetime,
    Duration timeout,
    long maxSessions,
    Duration recheck,
    @Nullable RedisConfig redis,
    @Nullable SessionPersistConfig persist) {

  /** The in-process store, with the default re-check interval, kept in memory only. */
  public SessionConfig(Duration lifetime, Duration timeout, long maxSessions) {
    this(lifetime, timeout, maxSessions, SessionSection.DEFAULT_RECHECK, null, null);
  }
}
