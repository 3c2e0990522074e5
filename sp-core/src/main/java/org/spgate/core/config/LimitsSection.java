package org.spgate.core.config;

import java.time.Duration;

/** Reads the {@code limits} section into a {@link LimitsConfig}. */
final class LimitsSection {

  static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(20);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  static final int DEFAULT_LOGINS_PER_MINUTE = 60;

  private LimitsSection() {}

  /** The client limits, defaults filled in. */
  static LimitsConfig read(YamlMapping limits) {
    Duration head =
        limits.get(
            "requestHeadTimeout",
            Durations.type(Duration.ofMillis(100), Duration.ofMinutes(10)),
            DEFAULT_REQUEST_HEAD_TIMEOUT);
    Duration idle =
        limits.get(
            "idleTimeout",
            Durations.type(Duration.ofMillis(100), Duration.ofDays(1)),
            DEFAULT_IDLE_TIMEOUT);
    long connections =
        limits.get(
            "maxConnections", ValueType.integer(16, 1_000_000), (long) DEFAULT_MAX_CONNECTIONS);
    long logins =
        limits.get(
            "loginsPerMinutePerAddress",
            ValueType.integer(1, 1_000_000),
            (long) DEFAULT_LOGINS_PER_MINUTE);
    limits.finish();
    return new LimitsConfig(head, idle, (int) connections, (int) logins);
  }
}
