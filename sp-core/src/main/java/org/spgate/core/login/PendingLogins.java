package org.spgate.core.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Logins in flight, keyed by request ID: the server-side half of RelayState. The browser and the
 * IdP only ever see an opaque token; the target URL never leaves spgate. Each entry can be consumed
 * once.
 */
public final class PendingLogins {

  private static final String RELAY_STATE_PREFIX = "ss:mem:";

  private final Cache<String, PendingLogin> logins;

  public PendingLogins(Duration ttl, long maxEntries, Ticker ticker) {
    this.logins =
        Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).ticker(ticker).build();
  }

  /** Remembers {@code login} until it is consumed or expires. */
  public void put(PendingLogin login) {
    logins.put(login.requestId(), login);
  }

  /** Removes and returns the login of {@code requestId}, if it is still outstanding. */
  public Optional<PendingLogin> consume(String requestId) {
    return Optional.ofNullable(logins.asMap().remove(requestId));
  }

  /** The RelayState (or wctx) value sent for {@code requestId}, in Shibboleth's form. */
  public static String relayStateFor(String requestId) {
    return RELAY_STATE_PREFIX + requestId.substring(1);
  }

  /** The request ID a RelayState value stands for, if it is one of ours. */
  public static Optional<String> requestIdOf(String relayState) {
    if (relayState.startsWith(RELAY_STATE_PREFIX)
        && relayState.length() == RELAY_STATE_PREFIX.length() + 32) {
      return Optional.of("_" + relayState.substring(RELAY_STATE_PREFIX.length()));
    }
    return Optional.empty();
  }
}
