package org.spgate.core.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/** Logins in flight in this process (the default): a bounded Caffeine cache. */
public final class CaffeinePendingLogins implements PendingLogins {

  private final Cache<String, PendingLogin> logins;

  public CaffeinePendingLogins(Duration ttl, long maxEntries, Ticker ticker) {
    this.logins =
        Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).ticker(ticker).build();
  }

  @Override
  public boolean answersImmediately() {
    return true;
  }

  /** Remembers {@code login} until it is consumed or expires. */
  @Override
  public void put(PendingLogin login) {
    logins.put(login.requestId(), login);
  }

  /** Removes and returns the login of {@code requestId}, if it is still outstanding. */
  @Override
  public Optional<PendingLogin> consume(String requestId) {
    return Optional.ofNullable(logins.asMap().remove(requestId));
  }
}
