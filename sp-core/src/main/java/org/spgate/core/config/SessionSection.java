package org.spgate.core.config;

import java.time.Duration;

/** Reads the {@code sessions} section into a {@link SessionConfig}. */
final class SessionSection {

  static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  static final long DEFAULT_MAX_SESSIONS = 1_000_000;
  static final Duration DEFAULT_RECHECK = Duration.ofSeconds(30);

  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration MAX = Duration.ofDays(30);

  private SessionSection() {}

  /** The session settings, defaults filled in; the timeout may not exceed the lifetime. */
  static SessionConfig read(YamlMapping sessions) {
    Duration lifetime = sessions.get("lifetime", Durations.type(MIN, MAX), DEFAULT_LIFETIME);
    Duration timeout = sessions.get("timeout", Durations.type(MIN, MAX), DEFAULT_TIMEOUT);
    long maxSessions =
        sessions.get("maxSessions", ValueType.integer(1, 1_000_000_000), DEFAULT_MAX_SESSIONS);
    Duration recheck =
        sessions.get(
            "recheckInterval",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_RECHECK);
    if (timeout.compareTo(lifetime) > 0) {
      sessions.problem(
          "timeout",
          "inactivity timeout "
              + Durations.format(timeout)
              + " exceeds sessions.lifetime "
              + Durations.format(lifetime)
              + "; it would never apply");
    }
    sessions.finish();
    return new SessionConfig(lifetime, timeout, maxSessions, recheck);
  }
}
