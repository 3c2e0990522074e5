package org.spgate.core.config;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.Rule;

/**
 * A host and path prefix and the backend that serves it.
 *
 * @param path the prefix, {@code /} or e.g. {@code /app} (no trailing '/')
 * @param backend {@code http://host[:port][/path]}
 * @param auth whether a session is needed
 * @param host the lower-case host the route is for ({@code app.example.org}, or {@code
 *     *.example.org} for any one-label subdomain), or null for every host
 * @param stripPrefix whether {@code path} is removed from the request path before the backend's
 *     path is put in front of it
 * @param accessName how the access requirement was written ({@code rule staff}, {@code level
 *     devel}), for the log line and the 403 page, or null when there is none
 * @param access the access rule a user with a session must meet, or null for "a session is enough"
 * @param clientCert whether the TLS client certificate is requested ({@code optional}) or must
 *     verify ({@code required}); {@code none} sends no SSL_CLIENT_* headers
 * @param certificateIdentity whether a verified client certificate is a user on this route ({@code
 *     identity: certificate}), with or without a session
 */
public record RouteConfig(
    String path,
    URI backend,
    AuthMode auth,
    @Nullable String host,
    boolean stripPrefix,
    @Nullable String accessName,
    @Nullable Rule access,
    List<String> upgrade,
    AuthMode clientCert,
    boolean certificateIdentity) {

  public RouteConfig {
    upgrade = List.copyOf(upgrade);
  }

  /** A route on which only a session is a user ({@code identity: session}). */
  public RouteConfig(
      String path,
      URI backend,
      AuthMode auth,
      @Nullable String host,
      boolean stripPrefix,
      @Nullable String accessName,
      @Nullable Rule access,
      List<String> upgrade,
      AuthMode clientCert) {
    this(path, backend, auth, host, stripPrefix, accessName, access, upgrade, clientCert, false);
  }

  /**
   * A route for every host, prefix kept, with no access rule, no upgrades and no client
   * certificate.
   */
  public RouteConfig(String path, URI backend, AuthMode auth) {
    this(path, backend, auth, null, false, null, null, List.of(), AuthMode.NONE);
  }
}
