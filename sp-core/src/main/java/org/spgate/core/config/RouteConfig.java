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
 * @param backends every backend the route's requests are spread over, in turn; the first is {@code
 *     backend}, and all have its scheme and path
 * @param proxyLimits the route's own timeouts and body limit in place of the {@code proxy}
 *     section's
 * @param headerBudget the route's own identity-header budget ({@code headers} block, missing keys
 *     taken from the {@code headers} section), or null for the section's budget
 * @param certificateIdentity whether a verified client certificate is a user on this route ({@code
 *     identity: certificate}), with or without a session
 * @param headerProfile the identity headers this route's backend gets ({@code headers: {profile:
 *     name}}), or null for every attribute under its id, the remote-user and the session headers
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
    List<URI> backends,
    ProxyOverrides proxyLimits,
    @Nullable HeaderBudget headerBudget,
    boolean certificateIdentity,
    @Nullable HeaderProfile headerProfile) {

  /**
   * Copies the lists; {@code backends} starts with {@code backend} (empty: just {@code backend}).
   */
  public RouteConfig {
    upgrade = List.copyOf(upgrade);
    backends = backends.isEmpty() ? List.of(backend) : List.copyOf(backends);
    if (!backends.get(0).equals(backend)) {
      throw new IllegalArgumentException("backends must start with backend " + backend);
    }
  }

  /** A route that sends the identity headers of routes without a header profile. */
  public RouteConfig(
      String path,
      URI backend,
      AuthMode auth,
      @Nullable String host,
      boolean stripPrefix,
      @Nullable String accessName,
      @Nullable Rule access,
      List<String> upgrade,
      AuthMode clientCert,
      List<URI> backends,
      ProxyOverrides proxyLimits,
      @Nullable HeaderBudget headerBudget,
      boolean certificateIdentity) {
    this(
        path,
        backend,
        auth,
        host,
        stripPrefix,
        accessName,
        access,
        upgrade,
        clientCert,
        backends,
        proxyLimits,
        headerBudget,
        certificateIdentity,
        null);
  }

  /**
   * A route to one backend with the {@code proxy} section's limits and the {@code headers}
   * section's budget, on which only a session is a user ({@code identity: session}).
   */
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
    this(
        path,
        backend,
        auth,
        host,
        stripPrefix,
        accessName,
        access,
        upgrade,
        clientCert,
        List.of(backend),
        ProxyOverrides.NONE,
        null,
        false);
  }

  /**
   * A route for every host, prefix kept, with no access rule, no upgrades and no client
   * certificate.
   */
  public RouteConfig(String path, URI backend, AuthMode auth) {
    this(path, backend, auth, null, false, null, null, List.of(), AuthMode.NONE);
  }
}
