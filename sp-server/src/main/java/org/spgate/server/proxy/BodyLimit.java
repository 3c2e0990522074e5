package org.spgate.server.proxy;

import org.spgate.core.config.ProxyConfig;
import org.spgate.core.config.ProxyOverrides;

/**
 * The largest request body a route forwards, and the key that set it (for the refusal's log line).
 *
 * @param maxBytes the limit
 * @param key {@code proxy.maxRequestBody}, or {@code maxBodySize} of the route
 */
public record BodyLimit(long maxBytes, String key) {

  /** The limit of a route with {@code overrides}, else the global one of {@code proxy}. */
  public static BodyLimit of(ProxyConfig proxy, ProxyOverrides overrides, String routePath) {
    Long own = overrides.maxBodySize();
    return own == null
        ? new BodyLimit(proxy.maxRequestBodyBytes(), "proxy.maxRequestBody")
        : new BodyLimit(own, "maxBodySize of route " + routePath);
  }
}
