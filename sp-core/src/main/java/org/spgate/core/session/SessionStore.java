package org.spgate.core.session;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

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

  /**
   * Ends every live session of {@code nameId} issued by {@code idpEntityId} — only those whose
   * SessionIndex is {@code sessionIndex} when it is not null — on every node sharing the store
   * (SAML 2.0 Single Logout initiated by the IdP). Blocks: worker threads only.
   *
   * @return how many sessions were ended
   * @throws SessionStoreException if the store cannot be reached
   */
  int endSessionsOf(String idpEntityId, String nameId, @Nullable String sessionIndex);

  /**
   * The key of the index from a subject to its sessions: the IdP and the NameID value, which
   * together name one subject (a NameID value is unique within its issuer's namespace).
   */
  static String subjectKey(String idpEntityId, String nameId) {
    return idpEntityId + '\n' + nameId;
  }

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
