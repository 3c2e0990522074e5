package org.spgate.core.session;

import org.spgate.core.time.ClockTicker;

/** The session store contract on the in-process store. */
class CaffeineSessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore store() {
    return new CaffeineSessionStore(1_000, IDLE, clock, new ClockTicker(clock));
  }
}
