package org.spgate.core.config;

import java.time.Duration;
import java.util.List;

/** Reads the {@code proxy} section into a {@link ProxyConfig}. */
final class ProxySection {

  static final long DEFAULT_MAX_REQUEST_BODY = 10 * Sizes.MIB;
  static final long DEFAULT_MAX_HEADER_SIZE = Sizes.MIB;
  static final Duration DEFAULT_BACKEND_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_CONNECTIONS = 64;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  static final int DEFAULT_MAX_QUEUE = 1024;

  private ProxySection() {}

  /** The proxy settings, defaults filled in. */
  static ProxyConfig read(YamlMapping proxy) {
    List<String> trusted = proxy.list("trustedProxies", Addresses.IP_OR_CIDR, List.of(), false);
    long maxBody =
        proxy.get("maxRequestBody", Sizes.type(0, 1024 * Sizes.GIB), DEFAULT_MAX_REQUEST_BODY);
    long maxHeader =
        proxy.get(
            "maxRequestHeaderSize",
            Sizes.type(4 * Sizes.KIB, 16 * Sizes.MIB),
            DEFAULT_MAX_HEADER_SIZE);
    Duration timeout =
        proxy.get(
            "backendTimeout",
            Durations.type(Duration.ofSeconds(1), Duration.ofDays(1)),
            DEFAULT_BACKEND_TIMEOUT);
    long connections =
        proxy.get(
            "connectionsPerBackend", ValueType.integer(1, 10_000), (long) DEFAULT_CONNECTIONS);
    Duration connect =
        proxy.get(
            "connectTimeout",
            Durations.type(Duration.ofMillis(100), Duration.ofMinutes(10)),
            DEFAULT_CONNECT_TIMEOUT);
    Duration stall =
        proxy.get(
            "stallTimeout",
            Durations.type(Duration.ofSeconds(1), Duration.ofDays(1)),
            DEFAULT_STALL_TIMEOUT);
    Duration idle =
        proxy.get(
            "idleTimeout",
            Durations.type(Duration.ofSeconds(1), Duration.ofHours(1)),
            DEFAULT_IDLE_TIMEOUT);
    long queue = proxy.get("maxQueue", ValueType.integer(0, 1_000_000), (long) DEFAULT_MAX_QUEUE);
    proxy.finish();
    return new ProxyConfig(
        trusted,
        maxBody,
        (int) maxHeader,
        timeout,
        (int) connections,
        connect,
        stall,
        idle,
        (int) queue);
  }
}
