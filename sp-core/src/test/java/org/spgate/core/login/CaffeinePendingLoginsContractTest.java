package org.spgate.core.login;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/** The pending-login contract on the in-process store. */
class CaffeinePendingLoginsContractTest extends PendingLoginsContract {

  @Override
  protected PendingLogins logins() {
    return new CaffeinePendingLogins(Duration.ofMinutes(15), 1_000, Ticker.systemTicker());
  }
}
