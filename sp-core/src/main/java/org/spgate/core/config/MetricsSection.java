package org.spgate.core.config;

import java.net.InetSocketAddress;

/** Reads the {@code metrics} section into a {@link MetricsConfig}. */
final class MetricsSection {

  private MetricsSection() {}

  /**
   * The metrics settings; the listener must not share the main listener's port (the metrics are for
   * the operator's network, never for the browsers the main listener serves).
   */
  static MetricsConfig read(YamlMapping metrics, InetSocketAddress mainListen) {
    InetSocketAddress listen = metrics.optional("listen", Addresses.LISTEN_ADDRESS);
    if (listen != null && listen.getPort() != 0 && listen.getPort() == mainListen.getPort()) {
      metrics.problem(
          "listen",
          "the metrics listener needs a port of its own, not the main listener's "
              + mainListen.getPort());
    }
    metrics.finish();
    return new MetricsConfig(listen);
  }
}
