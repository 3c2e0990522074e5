package org.spgate.core.session;

import java.util.Optional;

/**
 * Where sessions live between requests. Implementations enforce both the absolute lifetime ({@link
 * Session#expiresEpochSecond()}) and the inactivity timeout, and are safe for concurrent use;
 * {@link #find} must not block an I/O thread for long (the in-process store never blocks).
 */
public interface SessionStore {

  /** Stores a new session. */
  void put(Session session);

  /** The live session with {@code id}, counting this as activity; empty if none or expired. */
  Optional<Session> find(String id);

  /** Ends the session {@code id}, if it exists. */
  void remove(String id);

  /** The number of live sessions (approximate). */
  long size();
}
