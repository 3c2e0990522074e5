package org.spgate.core.assertion;

import org.spgate.core.time.ClockTicker;

/** The replay cache contract on the in-process cache. */
class CaffeineReplayCacheContractTest extends ReplayCacheContract {

  @Override
  protected ReplayCache cache() {
    return new CaffeineReplayCache(1_000, clock, new ClockTicker(clock));
  }
}
