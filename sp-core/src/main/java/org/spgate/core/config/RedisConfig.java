package org.spgate.core.config;

import java.time.Duration;

/**
 * A Redis that holds sessions and the state shared by several spgate nodes ({@code sessions.store:
 * redis://…}).
 *
 * @param uri Lettuce's URI: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://};
 *     user and password in the URI
 * @param cluster whether the URI names a Redis Cluster node (the client then follows the cluster)
 * @param timeout how long a command may take before the request fails closed (503)
 * @param keyPrefix the prefix of every key spgate writes, so several deployments share one Redis
 * @param idleRefresh a session's idle timeout is pushed back at most once per this interval (not a
 *     write per request); the effective idle timeout is between {@code timeout - idleRefresh} and
 *     {@code timeout}
 */
public record RedisConfig(
    String uri, boolean cluster, Duration timeout, String keyPrefix, Duration idleRefresh) {

  /** The URI without its password, for logs and {@code /Status}. */
  public String redactedUri() {
    int at = uri.lastIndexOf('@');
    int scheme = uri.indexOf("://");
    return at < 0 || scheme < 0 ? uri : uri.substring(0, scheme + 3) + "***" + uri.substring(at);
  }
}
