package org.spgate.core.session;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live between requests. Implementations enforce both the absolute lifetime ({@link
 * Session#expiresEpochSecond()}) and the inactivity timeout, and are safe for concurrent use.
 *
 * <p>Two ways to look a session up: {@link #find} answers at once and may block, so it is for
 * worker threads — or for any thread when {@link #answersImmediately()} (the in-process store,
 * which never blocks and so keeps the proxy path free of dispatches and futures); {@link #lookup}
 * never blocks and is what I/O threads use with a remote store.
 */
public interface SessionStore {

  /**
   * Whether {@link #find} answers without waiting on anything (no network): then I/O threads call
   * it directly.
   */
  boolean answersImmediately();

  /**
   * Stores a new session.
   *
   * @throws SessionStoreException if the store cannot be reached
   */
  void put(Session session);

  /**
   * The live session with {@code id}, counting this as activity; empty if none or expired. Blocks
   * unless {@link #answersImmediately()}.
   *
   * @throws SessionStoreException if the store cannot be reached or did not answer in time
   */
  Optional<Session> find(String id);

  /**
   * {@link #find} without blocking: the stage completes with the session, or exceptionally with a
   * {@link SessionStoreException} when the store cannot be reached or did not answer in time.
   */
  CompletionStage<Optional<Session>> lookup(String id);

  /**
   * Ends the session {@code id}, if it exists.
   *
   * @throws SessionStoreException if the store cannot be reached
   */
  void remove(String id);

  /** The number of live sessions (approximate; -1 when the store cannot count them cheaply). */
  long size();

  /**
   * Whether the store is connected right now (a cheap local check, no round trip): {@code /Status}
   * reports it. The in-process store always is.
   */
  default boolean isConnected() {
    return true;
  }

  /** A short description for {@code /Status} and logs, without credentials. */
  default String describe() {
    return "memory";
  }
}
