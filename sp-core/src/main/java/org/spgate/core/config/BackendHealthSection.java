package org.spgate.core.config;

import java.time.Duration;

/** Reads the {@code backendHealth} section into a {@link BackendHealthConfig}. */
final class BackendHealthSection {

  static final int DEFAULT_FAILURES = 5;
  static final Duration DEFAULT_DOWN_FOR = Duration.ofSeconds(1);
  static final Duration DEFAULT_MAX_DOWN_FOR = Duration.ofSeconds(30);
  static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

  private BackendHealthSection() {}

  /** The backend health settings, defaults filled in. */
  static BackendHealthConfig read(YamlMapping health) {
    long failures =
        health.get("failuresToMarkDown", ValueType.integer(1, 1_000), (long) DEFAULT_FAILURES);
    Duration downFor =
        health.get(
            "downFor",
            Durations.type(Duration.ofMillis(100), Duration.ofMinutes(10)),
            DEFAULT_DOWN_FOR);
    Duration maxDownFor =
        health.get(
            "maxDownFor",
            Durations.type(Duration.ofMillis(100), Duration.ofHours(1)),
            DEFAULT_MAX_DOWN_FOR);
    Duration logInterval =
        health.get(
            "logInterval",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_LOG_INTERVAL);
    if (maxDownFor.compareTo(downFor) < 0) {
      health.problem("maxDownFor", "must be at least downFor (" + downFor.toMillis() + "ms)");
    }
    health.finish();
    return new BackendHealthConfig((int) failures, downFor, maxDownFor, logInterval);
  }
}
