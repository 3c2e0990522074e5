package org.spgate.core.config;

import java.net.URI;

/**
 * A path prefix and the backend that serves it.
 *
 * @param path the prefix, {@code /} or e.g. {@code /app} (no trailing '/')
 * @param backend {@code http://host[:port][/path]}
 * @param auth whether a session is needed
 * @param clientCert whether the TLS client certificate is requested ({@code optional}) or must
 *     verify ({@code required}); {@code none} sends no SSL_CLIENT_* headers
 */
public record RouteConfig(String path, URI backend, AuthMode auth, AuthMode clientCert) {

  /** A route without client certificates. */
  public RouteConfig(String path, URI backend, AuthMode auth) {
    this(path, backend, auth, AuthMode.NONE);
  }
}
