package org.spgate.core.login;

import java.util.Optional;

/**
 * Logins in flight, keyed by request ID: the server-side half of RelayState (and of WS-Fed's wctx).
 * The browser and the IdP only ever see an opaque token; the target URL never leaves spgate. Each
 * entry can be consumed once — atomically, also when several nodes share the store.
 */
public interface PendingLogins {

  /** The prefix of our RelayState values, in Shibboleth's form. */
  String RELAY_STATE_PREFIX = "ss:mem:";

  /** Whether {@link #put} answers without waiting on the network (so I/O threads may call it). */
  boolean answersImmediately();

  /**
   * Remembers {@code login} until it is consumed or expires.
   *
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  void put(PendingLogin login);

  /**
   * Removes and returns the login of {@code requestId}, if it is still outstanding.
   *
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  Optional<PendingLogin> consume(String requestId);

  /** The RelayState (or wctx) value sent for {@code requestId}, in Shibboleth's form. */
  static String relayStateFor(String requestId) {
    return RELAY_STATE_PREFIX + requestId.substring(1);
  }

  /** The request ID a RelayState value stands for, if it is one of ours. */
  static Optional<String> requestIdOf(String relayState) {
    if (relayState.startsWith(RELAY_STATE_PREFIX)
        && relayState.length() == RELAY_STATE_PREFIX.length() + 32) {
      return Optional.of("_" + relayState.substring(RELAY_STATE_PREFIX.length()));
    }
    return Optional.empty();
  }
}
