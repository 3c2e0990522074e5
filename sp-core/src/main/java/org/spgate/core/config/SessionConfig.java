package org.spgate.core.config;

import java.time.Duration;

/**
 * Limits of the server-side session store.
 *
 * @param lifetime absolute lifetime of a session, from login
 * @param timeout inactivity after which a session ends
 * @param maxSessions how many sessions are kept at most (the oldest are evicted)
 * @param recheck how often a connection that outlives its request (an upgraded WebSocket) looks its
 *     session up again, and is closed when the session has ended
 */
public record SessionConfig(
    Duration lifetime, Duration timeout, long maxSessions, Duration recheck) {

  /** Session limits with the default re-check interval. */
  public SessionConfig(Duration lifetime, Duration timeout, long maxSessions) {
    this(lifetime, timeout, maxSessions, SessionSection.DEFAULT_RECHECK);
  }
}
