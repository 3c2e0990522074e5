package org.spgate.core.config;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus metrics endpoint.
 *
 * @param listen the address of the separate metrics listener ({@code GET /metrics}); null: no
 *     metrics are recorded and no listener is opened
 */
public record MetricsConfig(@Nullable InetSocketAddress listen) {

  /** Whether metrics are recorded and served. */
  public boolean enabled() {
    return listen != null;
  }
}
