package org.spgate.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * spgate.jar run as its users run it, {@code java -jar spgate.jar --config FILE}, in front of a
 * {@link FlaskBackend} with Keycloak as its IdP.
 *
 * <p>The config protects {@code /login} ({@code auth: required}) and passes {@code /} through with
 * an optional session, on the port reserved in {@link SpEndpoints} (the port the realm's SAML
 * client was registered for). The IdP metadata is fetched from Keycloak's descriptor into the run
 * directory {@code target/spgate-<name>/}; the process output goes to {@code
 * target/spgate-<name>.log}.
 */
final class SpGateProcess implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final String HANDLER_PATH = "/Shibboleth.sso";

  private final Process process;
  private final SpEndpoints sp;
  private final Path log;

  private SpGateProcess(Process process, SpEndpoints sp, Path log) {
    this.process = process;
    this.sp = sp;
    this.log = log;
  }

  /** Writes the config for run {@code name}, starts spgate and waits for its Status handler. */
  static SpGateProcess start(
      String name, SpEndpoints sp, KeycloakServer keycloak, FlaskBackend backend) {
    Path jar = Path.of(System.getProperty("spgate.jar", "../sp-server/target/spgate.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no spgate jar at " + jar.toAbsolutePath() + "; build sp-server first (./mvnw verify)");
    }
    Path dir = Processes.target().resolve("spgate-" + name);
    Path config = writeConfig(dir, sp, keycloak, backend);
    Path log = Processes.target().resolve("spgate-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toAbsolutePath().toString(),
                "--config",
                config.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    Processes.awaitHttp200(process, sp.uri(HANDLER_PATH + "/Status"), START_TIMEOUT, log);
    return new SpGateProcess(process, sp, log);
  }

  /** Writes {@code idp-metadata.xml} and {@code spgate.yaml} into {@code dir}. */
  static Path writeConfig(Path dir, SpEndpoints sp, KeycloakServer keycloak, FlaskBackend backend) {
    try {
      Files.createDirectories(dir);
      Path metadata = dir.resolve("idp-metadata.xml");
      try (InputStream in = keycloak.descriptorUrl().toURL().openStream()) {
        Files.copy(in, metadata, StandardCopyOption.REPLACE_EXISTING);
      }
      Path config = dir.resolve("spgate.yaml");
      Files.writeString(config, yaml(sp, metadata, attributeMap(), backend.baseUrl()));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String yaml(SpEndpoints sp, Path metadata, Path attributeMap, String backend) {
    return String.join(
        "\n",
        "# Written by sp-e2e's SpGateProcess for one test run.",
        "listen: 127.0.0.1:" + sp.port(),
        "publicUrl: " + sp.baseUrl(),
        "entityId: " + sp.entityId(),
        "handlerPath: " + HANDLER_PATH,
        "idp: {metadata: [" + quoted(metadata.toString()) + "]}",
        "attributeMap: " + quoted(attributeMap.toString()),
        "cookie: {secure: false}",
        "routes:",
        "  - {path: /login, backend: " + quoted(backend) + ", auth: required}",
        "  - {path: /, backend: " + quoted(backend) + ", auth: optional}",
        "");
  }

  /** The repository's attribute map, or the one named by {@code -Dspgate.attributeMap}. */
  static Path attributeMap() {
    String configured = System.getProperty("spgate.attributeMap");
    return configured != null
        ? Path.of(configured).toAbsolutePath()
        : Processes.repo().resolve("attribute-maps/attribute-map.xml");
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  SpEndpoints endpoints() {
    return sp;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
