package org.spgate.core.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The whole spgate configuration, read once at start by {@link ConfigLoader} and never changed.
 *
 * <p>Relative file names in the YAML have already been resolved against the configuration file's
 * directory, and every file named here existed and was readable when the configuration was read.
 *
 * @param configFile the file read ({@code Path.of("<embedded>")} for built-in defaults)
 * @param listen the address the HTTP listener binds to
 * @param publicUrl {@code scheme://host[:port]} as the browser and the IdP see it
 * @param entityId the SP's SAML entity ID
 * @param handlerPath the path prefix of the SP's own endpoints, e.g. {@code /Shibboleth.sso}
 * @param credentials signing/decryption key pairs; empty means "generate an ephemeral key"
 * @param idp which IdP metadata to trust and which IdP to send logins to
 * @param attributeMap the attribute-map.xml file
 * @param security message checks and redirect policy
 * @param sessions session lifetime and limits
 * @param cookie the session cookie
 * @param headers the identity headers sent to backends
 * @param proxy reverse-proxy limits and trusted forwarders
 * @param routes path prefixes and the backends they go to; at least one
 * @param shutdown how a SIGTERM drains and stops the server
 * @param limits what one client may hold: timeouts, connections, login rate
 * @param backendHealth how refusing backends are logged, marked down and probed
 * @param tls HTTPS on the listener; null for plain HTTP
 * @param metrics the Prometheus endpoint on its own listener (off unless configured)
 * @param logging log format, access log, attribute values in the login line
 * @param clientCert client certificates: CAs, identity, from a trusted proxy, header names
 */
public record SpConfig(
    Path configFile,
    InetSocketAddress listen,
    URI publicUrl,
    String entityId,
    String handlerPath,
    List<CredentialConfig> credentials,
    IdpConfig idp,
    Path attributeMap,
    SecurityConfig security,
    SessionConfig sessions,
    CookieConfig cookie,
    HeaderConfig headers,
    ProxyConfig proxy,
    List<RouteConfig> routes,
    ShutdownConfig shutdown,
    LimitsConfig limits,
    BackendHealthConfig backendHealth,
    @Nullable TlsConfig tls,
    MetricsConfig metrics,
    LoggingConfig logging,
    ClientCertConfig clientCert) {

  /** Copies the lists so the record stays immutable. */
  public SpConfig {
    credentials = List.copyOf(credentials);
    routes = List.copyOf(routes);
  }

  /**
   * The absolute URL of a handler endpoint, e.g. {@code endpointUrl("/SAML2/POST")} is {@code
   * https://sp.example.org/Shibboleth.sso/SAML2/POST}.
   *
   * @param suffix the endpoint's path below {@link #handlerPath()}: empty, or starting with '/'
   * @throws IllegalArgumentException if the suffix is neither empty nor starts with '/'
   */
  public String endpointUrl(String suffix) {
    if (!suffix.isEmpty() && !suffix.startsWith("/")) {
      throw new IllegalArgumentException("endpoint suffix must start with '/': " + suffix);
    }
    return publicUrl + handlerPath + suffix;
  }

  /** The origin ({@code scheme://host[:port]}) of {@link #publicUrl()}, as a string. */
  public String origin() {
    return publicUrl.toString();
  }

  /** This configuration with another listener address (e.g. an ephemeral loopback port). */
  public SpConfig withListen(InetSocketAddress address) {
    return new SpConfig(
        configFile,
        address,
        publicUrl,
        entityId,
        handlerPath,
        credentials,
        idp,
        attributeMap,
        security,
        sessions,
        cookie,
        headers,
        proxy,
        routes,
        shutdown,
        limits,
        backendHealth,
        tls,
        metrics,
        logging,
        clientCert);
  }

  /** Whether the browser reaches spgate over HTTPS. */
  public boolean isHttps() {
    return "https".equals(publicUrl.getScheme());
  }
}
