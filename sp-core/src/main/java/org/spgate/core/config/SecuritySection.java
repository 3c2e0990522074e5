package org.spgate.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Reads the {@code security} section into a {@link SecurityConfig}. */
final class SecuritySection {

  static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(180);
  static final Duration DEFAULT_MESSAGE_LIFETIME = Duration.ofMinutes(5);
  static final long DEFAULT_MAX_MESSAGE_SIZE = Sizes.MIB;
  static final long MIN_MESSAGE_SIZE = 4 * Sizes.KIB;
  static final long MAX_MESSAGE_SIZE = 16 * Sizes.MIB;
  static final long DEFAULT_DECRYPTION_FAILURES_PER_MINUTE = 10;

  private SecuritySection() {}

  /** The security settings, defaults filled in. */
  static SecurityConfig read(YamlMapping security) {
    // A skew above an hour, or a lifetime above an hour, makes replayed messages acceptable for
    // longer than the replay cache is worth keeping them.
    Duration clockSkew =
        security.get(
            "clockSkew", Durations.type(Duration.ZERO, Duration.ofHours(1)), DEFAULT_CLOCK_SKEW);
    Duration messageLifetime =
        security.get(
            "messageLifetime",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_MESSAGE_LIFETIME);
    long maxMessage =
        security.get(
            "maxMessageSize",
            Sizes.type(MIN_MESSAGE_SIZE, MAX_MESSAGE_SIZE),
            DEFAULT_MAX_MESSAGE_SIZE);
    boolean allowUnsolicited = security.get("allowUnsolicited", ValueType.BOOLEAN, false);
    boolean allowSha1 = security.get("allowSha1", ValueType.BOOLEAN, false);
    List<URI> redirectAllowList = security.list("redirectAllowList", Urls.ORIGIN, List.of(), false);
    boolean bindSessionToAddress = security.get("bindSessionToAddress", ValueType.BOOLEAN, false);
    boolean allowCbcEncryption = security.get("allowCbcEncryption", ValueType.BOOLEAN, false);
    // A padding-oracle attack needs thousands of altered ciphertexts per decrypted block; a few
    // failures a minute are what an honest client with a broken IdP set-up ever produces.
    long decryptionFailures =
        security.get(
            "decryptionFailuresPerMinute",
            ValueType.integer(1, 10_000),
            DEFAULT_DECRYPTION_FAILURES_PER_MINUTE);
    security.finish();
    return new SecurityConfig(
        clockSkew,
        messageLifetime,
        (int) maxMessage,
        allowUnsolicited,
        allowSha1,
        redirectAllowList,
        bindSessionToAddress,
        allowCbcEncryption,
        (int) decryptionFailures);
  }
}
