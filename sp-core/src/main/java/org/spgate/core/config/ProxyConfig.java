package org.spgate.core.config;

import java.time.Duration;
import java.util.List;

/**
 * Reverse-proxy limits and the forwarders whose {@code X-Forwarded-*} headers are believed.
 *
 * @param trustedProxies IP addresses or CIDR ranges, each validated
 * @param maxRequestBodyBytes largest request body forwarded to a backend
 * @param maxHeaderBytes largest request header block the listener accepts
 * @param backendTimeout how long to wait for a backend
 * @param connectionsPerBackend connection pool size per backend
 */
public record ProxyConfig(
    List<String> trustedProxies,
    long maxRequestBodyBytes,
    int maxHeaderBytes,
    Duration backendTimeout,
    int connectionsPerBackend) {

  /** Copies the list so the record stays immutable. */
  public ProxyConfig {
    trustedProxies = List.copyOf(trustedProxies);
  }
}
