package org.spgate.devidp.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** What the demo asks of its IdP: the one SP it answers, where it listens, its users. */
  public record Settings(
      String spEntityId,
      String acsUrl,
      String host,
      boolean allowNonLoopback,
      List<DevUser> users) {}

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
    DevIdpServer server =
        DevIdpServer.builder()
            .sp(settings.spEntityId(), settings.acsUrl())
            .users(settings.users())
            .listen(settings.host(), 0)
            .allowNonLoopback(settings.allowNonLoopback())
            .key(key.join())
            .start();
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
