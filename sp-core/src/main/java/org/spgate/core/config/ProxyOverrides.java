package org.spgate.core.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A route's own proxy limits, each replacing the {@code proxy} section's value for that route only;
 * null keeps the global one.
 *
 * @param backendTimeout the route's {@code backendTimeout} (wait for the response head)
 * @param stallTimeout the route's {@code stallTimeout} (a body that moves no byte)
 * @param connectTimeout the route's {@code connectTimeout} (one TCP connect to a backend)
 * @param maxBodySize the route's {@code maxBodySize} (largest request body), in bytes
 */
public record ProxyOverrides(
    @Nullable Duration backendTimeout,
    @Nullable Duration stallTimeout,
    @Nullable Duration connectTimeout,
    @Nullable Long maxBodySize) {

  /** No override: the route uses the {@code proxy} section as is. */
  public static final ProxyOverrides NONE = new ProxyOverrides(null, null, null, null);

  /** Whether the route sets none of the limits. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /** {@code global} with this route's limits in place of its own. */
  public ProxyConfig applyTo(ProxyConfig global) {
    if (isEmpty()) {
      return global;
    }
    return new ProxyConfig(
        global.trustedProxies(),
        maxBodySize == null ? global.maxRequestBodyBytes() : maxBodySize,
        global.maxHeaderBytes(),
        backendTimeout == null ? global.backendTimeout() : backendTimeout,
        global.connectionsPerBackend(),
        connectTimeout == null ? global.connectTimeout() : connectTimeout,
        stallTimeout == null ? global.stallTimeout() : stallTimeout,
        global.idleTimeout(),
        global.maxQueue());
  }
}
