package org.spgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Keycloak from the unpacked {@code keycloak-quarkus-dist} zip, run as {@code kc.sh start-dev} on
 * a free loopback port with the {@code spgate} realm imported.
 *
 * <p>The realm file is a template: {@code ${SP_ENTITY_ID}}, {@code ${SP_ACS_URL}} and {@code
 * ${SP_BASE_URL}} are filled from {@link SpEndpoints} before import, and a placeholder left over
 * fails the start. The database is {@code dev-mem}, so every start imports the realm afresh instead
 * of keeping a realm registered for an earlier run's ports.
 */
final class KeycloakServer implements AutoCloseable {

  static final String REALM = "spgate";
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "admin-password";

  /**
   * How long a start may take: about 30 s alone on 2 cores, but over 3 minutes for a first start
   * (Quarkus augmentation) while other builds load the machine; {@code
   * -De2e.keycloak.startSeconds}.
   */
  static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("e2e.keycloak.startSeconds", 300));

  private static final String REALM_TEMPLATE = "/keycloak/spgate-realm.json";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

  private final Process process;
  private final int port;
  private final Path log;
  private final Duration startup;

  private KeycloakServer(Process process, int port, Path log, Duration startup) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.startup = startup;
  }

  /** Starts Keycloak for {@code sp} and waits until the realm's SAML descriptor answers 200. */
  static KeycloakServer start(SpEndpoints sp) {
    Jdk jdk =
        Jdk.find(E2EPrerequisites.KEYCLOAK_MIN_JAVA)
            .orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK >= 21; none found"));
    Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.4.5"));
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException(
          "no Keycloak at " + home + "; run the sp-e2e build (it unpacks keycloak-quarkus-dist)");
    }
    writeRealm(home.resolve("data/import/spgate-realm.json"), sp);
    int port = Processes.freePort();
    Path log = Processes.target().resolve("keycloak.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--db=dev-mem",
                "--import-realm")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    environment(builder.environment(), jdk);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + home.resolve("bin/kc.sh"), e);
    }
    URI descriptor = URI.create(realmUrl(port) + "/protocol/saml/descriptor");
    Duration startup = Processes.awaitHttp200(process, descriptor, START_TIMEOUT, log);
    System.err.printf(
        "[sp-e2e] Keycloak on port %d (Java %d) ready in %d s%n",
        port, jdk.feature(), startup.toSeconds());
    return new KeycloakServer(process, port, log, startup);
  }

  private static void environment(Map<String, String> env, Jdk jdk) {
    env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS"));
    env.put("JAVA_HOME", jdk.home().toString());
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    if (jdk.feature() >= 24) {
      // Without it Keycloak's worker threads log IllegalAccessError on Java 24 and newer.
      env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    }
  }

  /** Fills the realm template for {@code sp} and writes it where {@code --import-realm} reads. */
  static void writeRealm(Path target, SpEndpoints sp) {
    Map<String, String> values =
        Map.of(
            "SP_ENTITY_ID", sp.entityId(),
            "SP_ACS_URL", sp.acsUrl(),
            "SP_BASE_URL", sp.baseUrl());
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, fill(realmTemplate(), values), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("realm template has unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static String realmTemplate() throws IOException {
    try (var in = KeycloakServer.class.getResourceAsStream(REALM_TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + REALM_TEMPLATE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String realmUrl(int port) {
    return "http://127.0.0.1:" + port + "/realms/" + REALM;
  }

  /** {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The realm base, {@code .../realms/spgate}. */
  String realmUrl() {
    return realmUrl(port);
  }

  /** The IdP metadata spgate loads. */
  URI descriptorUrl() {
    return URI.create(realmUrl() + "/protocol/saml/descriptor");
  }

  /** The SAML SSO endpoint (Redirect and POST bindings). */
  URI ssoUrl() {
    return URI.create(realmUrl() + "/protocol/saml");
  }

  /** The account console, which asks for a login first. */
  URI accountUrl() {
    return URI.create(realmUrl() + "/account");
  }

  /** How long the last start took until the descriptor answered. */
  Duration startup() {
    return startup;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
