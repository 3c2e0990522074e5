package org.spgate.devidp.server;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.ResponseMinter;

/**
 * A development SAML 2.0 IdP on its own port, wired to exactly one SP: {@code GET /metadata} (its
 * EntityDescriptor), {@code /sso} (see {@link SsoHandler}; a sign-in starts an IdP session, so the
 * next AuthnRequest is answered without the form) and {@code GET /} (who is signed in, "Log out of
 * everything"). With {@link Builder#spLogout} also Single Logout: {@code GET /slo} (HTTP-Redirect,
 * advertised in the metadata; see {@link SloHandler}) and {@code POST /logout} ({@link
 * GlobalLogoutHandler}). Its signing key is generated at start unless one is given. Build with
 * {@link #builder()}; close to stop.
 *
 * <pre>
 * try (DevIdpServer idp = DevIdpServer.builder().sp(entityId, acsUrl).start()) {
 *   Path metadata = idp.writeMetadata(dir);   // give this to the SP
 * }
 * </pre>
 */
public final class DevIdpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevIdpServer.class);

  /** The default entityID; it does not depend on the port, so it survives restarts. */
  public static final String DEFAULT_ENTITY_ID = "urn:spgate:dev-idp";

  private final Undertow undertow;
  private final String baseUrl;
  private final String entityId;
  private final String metadataXml;
  private final List<DevUser> users;

  private DevIdpServer(Builder b, SpCredential key, InetAddress address) {
    ResponseMinter minter = new ResponseMinter(b.entityId, key, b.clock);
    this.entityId = b.entityId;
    this.users = b.users;
    IdpSessions sessions = new IdpSessions();
    String spEntityId = Objects.requireNonNull(b.spEntityId);
    HttpHandler sso =
        new SsoHandler(minter, spEntityId, Objects.requireNonNull(b.acsUrl), b.users, sessions);
    LogoutMessages logoutMessages = new LogoutMessages(b.entityId, b.clock);
    Set<String> sentLogouts = ConcurrentHashMap.newKeySet();
    // The metadata names the SSO URL, which needs the port, so it is rendered after binding.
    String[] metadata = new String[1];
    PathHandler paths =
        Handlers.path()
            .addExactPath("/sso", sso)
            .addExactPath(
                "/",
                new HomePage(sessions, b.spLogout == null ? null : origin(b.spLogout.sloUrl())))
            .addExactPath(
                "/logout",
                new GlobalLogoutHandler(sessions, b.spLogout, logoutMessages, key, sentLogouts))
            .addExactPath(
                "/metadata",
                exchange -> {
                  exchange
                      .getResponseHeaders()
                      .put(Headers.CONTENT_TYPE, "application/samlmetadata+xml; charset=utf-8");
                  exchange.getResponseSender().send(metadata[0], StandardCharsets.UTF_8);
                });
    this.undertow =
        Undertow.builder()
            .addHttpListener(b.port, address.getHostAddress())
            .setHandler(paths)
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    String host =
        address.getHostAddress().contains(":")
            ? "[" + address.getHostAddress() + "]"
            : address.getHostAddress();
    this.baseUrl = "http://" + host + ":" + port;
    // The SLO endpoint checks Destination against its own URL, which needs the port too.
    if (b.spLogout != null) {
      paths.addExactPath(
          "/slo",
          new SloHandler(
              new SpLogoutReader(spEntityId, b.spLogout, sloUrl(), b.clock),
              b.spLogout,
              sessions,
              logoutMessages,
              key,
              sentLogouts));
    }
    this.metadataXml =
        IdpMetadataWriter.write(
            entityId, ssoUrl(), key, false, null, b.spLogout == null ? null : sloUrl());
    metadata[0] = metadataXml;
    LOG.warn(
        "development IdP — never use in production: {} at {}, {} test user(s), answering"
            + " only {}",
        entityId,
        baseUrl,
        users.size(),
        b.spEntityId);
  }

  /** A builder with the default users, loopback address, any free port and the system clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The IdP's base URL, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The HTTP-Redirect SSO endpoint. */
  public String ssoUrl() {
    return baseUrl + "/sso";
  }

  /** The HTTP-Redirect SingleLogoutService (served only with {@link Builder#spLogout}). */
  public String sloUrl() {
    return baseUrl + "/slo";
  }

  /** The home page: who is signed in, "Log out of everything". */
  public String homeUrl() {
    return baseUrl + "/";
  }

  /** The metadata URL. */
  public String metadataUrl() {
    return baseUrl + "/metadata";
  }

  /** The IdP's entityID. */
  public String entityId() {
    return entityId;
  }

  /** The IdP's metadata XML. */
  public String metadataXml() {
    return metadataXml;
  }

  /** The test users. */
  public List<DevUser> users() {
    return users;
  }

  /** Writes the metadata to {@code dir/devidp-metadata.xml} and returns that file. */
  public Path writeMetadata(Path dir) throws IOException {
    Path file = dir.resolve("devidp-metadata.xml");
    Files.writeString(file, metadataXml, StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() {
    undertow.stop();
  }

  @Override
  public String toString() {
    return "dev-idp(" + entityId + " at " + baseUrl + ")";
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** Thrown by {@link Builder#start} for a non-loopback address without permission. */
  public static final class NotLoopbackException extends IllegalStateException {
    NotLoopbackException(String message) {
      super(message);
    }
  }

  /** Settings of a {@link DevIdpServer}; {@link #sp} is required. */
  public static final class Builder {
    private @Nullable String spEntityId;
    private @Nullable String acsUrl;
    private List<DevUser> users = DevUsers.defaults();
    private String host = "127.0.0.1";
    private int port;
    private boolean allowNonLoopback;
    private String entityId = DEFAULT_ENTITY_ID;
    private Clock clock = Clock.systemUTC();
    private @Nullable SpCredential key;
    private @Nullable SpLogout spLogout;

    private Builder() {}

    /**
     * Turns on Single Logout with the SP: its HTTP-Redirect SingleLogoutService and the certificate
     * whose key signs its logout messages (the SP's signing credential).
     */
    public Builder spLogout(String spSloUrl, X509Certificate spCertificate) {
      this.spLogout = new SpLogout(spSloUrl, List.of(spCertificate.getPublicKey()));
      return this;
    }

    /** The one SP this IdP answers: its entityID and the only ACS URL responses go to. */
    public Builder sp(String spEntityId, String acsUrl) {
      this.spEntityId = spEntityId;
      this.acsUrl = acsUrl;
      return this;
    }

    /** The test users (default {@link DevUsers#defaults()}). */
    public Builder users(List<DevUser> users) {
      this.users = List.copyOf(users);
      return this;
    }

    /** The address to listen on (default 127.0.0.1) and port (0: any free port). */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** Permits a non-loopback address (the IdP logs anyone in who reads the login page). */
    public Builder allowNonLoopback(boolean allow) {
      this.allowNonLoopback = allow;
      return this;
    }

    /** The IdP's entityID (default {@link #DEFAULT_ENTITY_ID}). */
    public Builder entityId(String entityId) {
      this.entityId = entityId;
      return this;
    }

    /** The clock responses are dated by. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The signing key; by default one is generated at start. */
    public Builder key(SpCredential key) {
      this.key = key;
      return this;
    }

    /** Starts the IdP; throws {@link NotLoopbackException} for a refused address. */
    public DevIdpServer start() {
      if (spEntityId == null || acsUrl == null) {
        throw new IllegalStateException("DevIdpServer needs sp(entityId, acsUrl)");
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new UncheckedIOException(e);
      }
      if (!address.isLoopbackAddress() && !allowNonLoopback) {
        throw new NotLoopbackException(
            "the development IdP logs in anyone who can reach it;"
                + " refusing to listen on non-loopback address "
                + host
                + " (pass --allow-non-loopback if you really mean it)");
      }
      SpCredential signing =
          key != null
              ? key
              : KeyPairs.selfSigned(
                  "dev-idp.localhost",
                  2048,
                  clock.instant().minus(Duration.ofDays(1)),
                  Duration.ofDays(365));
      return new DevIdpServer(this, signing, address);
    }
  }
}
