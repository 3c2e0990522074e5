package org.spgate.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Reverse-proxy limits and the forwarders whose {@code X-Forwarded-*} headers are believed.
 *
 * @param trustedProxies IP addresses or CIDR ranges, each validated
 * @param maxRequestBodyBytes largest request body forwarded to a backend
 * @param maxHeaderBytes largest request header block the listener accepts
 * @param backendTimeout longest wait for a response head, from the request's arrival
 * @param connectionsPerBackend most connections open to one backend, all I/O threads together
 * @param connectTimeout longest wait for a TCP connection to a backend
 * @param stallTimeout longest time a request or response body may go without a byte moving
 * @param idleTimeout how long an unused keep-alive connection to a backend is kept
 * @param maxQueue most requests waiting for a connection to one backend beyond which 503 is sent
 */
public record ProxyConfig(
    List<String> trustedProxies,
    long maxRequestBodyBytes,
    int maxHeaderBytes,
    Duration backendTimeout,
    int connectionsPerBackend,
    Duration connectTimeout,
    Duration stallTimeout,
    Duration idleTimeout,
    int maxQueue) {

  /** Copies the list so the record stays immutable. */
  public ProxyConfig {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** The settings with the defaults for every knob added after the first five. */
  public ProxyConfig(
      List<String> trustedProxies,
      long maxRequestBodyBytes,
      int maxHeaderBytes,
      Duration backendTimeout,
      int connectionsPerBackend) {
    this(
        trustedProxies,
        maxRequestBodyBytes,
        maxHeaderBytes,
        backendTimeout,
        connectionsPerBackend,
        ProxySection.DEFAULT_CONNECT_TIMEOUT,
        ProxySection.DEFAULT_STALL_TIMEOUT,
        ProxySection.DEFAULT_IDLE_TIMEOUT,
        ProxySection.DEFAULT_MAX_QUEUE);
  }
}
