package org.spgate.core.config;

import java.net.URI;
import java.util.List;

/**
 * A path prefix and the backend that serves it.
 *
 * @param path the prefix, {@code /} or e.g. {@code /app} (no trailing '/')
 * @param backend {@code http://host[:port][/path]}
 * @param auth whether a session is needed
 * @param upgrade the protocols a client may switch to through this route ({@code Upgrade}, RFC 9110
 *     7.8), lower-cased, e.g. {@code websocket}; empty: upgrades are not relayed
 */
public record RouteConfig(String path, URI backend, AuthMode auth, List<String> upgrade) {

  public RouteConfig {
    upgrade = List.copyOf(upgrade);
  }

  /** A route that relays no upgrades. */
  public RouteConfig(String path, URI backend, AuthMode auth) {
    this(path, backend, auth, List.of());
  }
}
