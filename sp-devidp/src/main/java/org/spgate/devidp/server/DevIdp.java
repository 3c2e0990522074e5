package org.spgate.devidp.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;

/**
 * The development IdP as {@code spgate demo} runs it, started in one call: a signing key made while
 * OpenSAML initialises (RSA key generation dominates the demo's start-up), the server for one SP on
 * a free port, and its metadata written where that SP reads it. Closing the handle stops the
 * server.
 *
 * <pre>
 * try (DevIdp idp = DevIdp.start(new DevIdp.Settings(spEntityId, acsUrl, "127.0.0.1", false,
 *     DevUsers.defaults()), dir)) {
 *   Path metadata = idp.metadata();   // the SP's idp.metadata
 * }
 * </pre>
 */
public final class DevIdp implements AutoCloseable {

  /**
   * What the demo asks of its IdP: the one SP it answers, where it listens, its users, and — for
   * Single Logout, both or neither — the SP's HTTP-Redirect SingleLogoutService and signing
   * certificate.
   */
  public record Settings(
      String spEntityId,
      String acsUrl,
      String host,
      boolean allowNonLoopback,
      List<DevUser> users,
      @Nullable String spSloUrl,
      @Nullable X509Certificate spCertificate) {

    /** Without Single Logout. */
    public Settings(
        String spEntityId,
        String acsUrl,
        String host,
        boolean allowNonLoopback,
        List<DevUser> users) {
      this(spEntityId, acsUrl, host, allowNonLoopback, users, null, null);
    }
  }

  private final DevIdpServer server;
  private final Path metadata;

  private DevIdp(DevIdpServer server, Path metadata) {
    this.server = server;
    this.metadata = metadata;
  }

  /**
   * Starts the IdP on a free port and writes its metadata into {@code dir}; throws {@link
   * DevIdpServer.NotLoopbackException} for a non-loopback host that is not allowed. Nothing is left
   * running when it fails.
   */
  public static DevIdp start(Settings settings, Path dir) throws IOException {
    CompletableFuture<SpCredential> key = CompletableFuture.supplyAsync(DevIdp::newKey);
    OpenSaml.init();
    DevIdpServer.Builder builder =
        DevIdpServer.builder()
            .sp(settings.spEntityId(), settings.acsUrl())
            .users(settings.users())
            .listen(settings.host(), 0)
            .allowNonLoopback(settings.allowNonLoopback())
            .key(key.join());
    if (settings.spSloUrl() != null && settings.spCertificate() != null) {
      builder.spLogout(settings.spSloUrl(), settings.spCertificate());
    }
    DevIdpServer server = builder.start();
    try {
      return new DevIdp(server, server.writeMetadata(dir));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The running server: its URLs and users. */
  public DevIdpServer server() {
    return server;
  }

  /** The file holding the IdP's metadata. */
  public Path metadata() {
    return metadata;
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return server.toString();
  }

  private static SpCredential newKey() {
    return KeyPairs.selfSigned(
        "dev-idp",
        2048,
        Clock.systemUTC().instant().minus(Duration.ofDays(1)),
        Duration.ofDays(365));
  }
}
