package org.spgate.core.config;

import java.time.Duration;

/** Reads the {@code shutdown} section into a {@link ShutdownConfig}. */
final class ShutdownSection {

  static final Duration DEFAULT_DRAIN_DELAY = Duration.ZERO;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private ShutdownSection() {}

  /** The shutdown settings, defaults filled in. */
  static ShutdownConfig read(YamlMapping shutdown) {
    Duration drainDelay =
        shutdown.get(
            "drainDelay",
            Durations.type(Duration.ZERO, Duration.ofMinutes(10)),
            DEFAULT_DRAIN_DELAY);
    Duration timeout =
        shutdown.get(
            "timeout", Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)), DEFAULT_TIMEOUT);
    shutdown.finish();
    return new ShutdownConfig(drainDelay, timeout);
  }
}
