package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.access.Attributes;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.MetadataSigner;

/**
 * The committed examples under {@code examples/shibboleth} imported through the command line, and
 * the YAML written loaded by {@code spgate check-config}: the real configuration loader and
 * runtime. The files the examples name (metadata, keys, attribute map) are created in a copy.
 */
class ImportShibbolethCommandTest {

  static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path dir;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @Test
  void debianDefaultImportsToAConfigurationThatChecksOk() throws Exception {
    Path copy = example("debian");
    idpMetadata(copy, "idp-metadata.xml", "https://idp.example.org/idp/shibboleth", false);
    keys(copy, "sp-signing");
    keys(copy, "sp-encrypt");
    Path yaml = importAndCheck(copy, "shib.conf");
    assertThat(Files.readString(yaml))
        .contains("entityId: \"https://sp.example.org/shibboleth\"")
        .contains("publicUrl: \"https://sp.example.org\"")
        .contains("  entityId: \"https://idp.example.org/idp/shibboleth\"")
        .contains("  protocol: \"saml2\"")
        .contains("lifetime: 28800s")
        .contains("timeout: 3600s")
        .contains("clockSkew: 180s")
        .contains(
            "remoteUserAttributes: [\"eppn\", \"subject-id\", \"pairwise-id\", \"persistent-id\"]")
        .contains("sp-encrypt-cert.pem")
        .contains(
            "  - path: \"/secure\"\n    backend: \"http://127.0.0.1:8000\"\n    auth: required")
        .contains("  - path: \"/\"\n    backend: \"http://127.0.0.1:8000\"\n    auth: optional");
    assertThat(err())
        .contains("<AttributeFilter type=\"XML\">: spgate has no attribute filter policy")
        .contains("ProxyPass /Shibboleth.sso !")
        .contains("shibboleth2.xml:28: <Handler type=\"DiscoveryFeed\">");
  }

  @Test
  void adfsSetUpImportsWsFedRoutesAndTheGroupRuleOfItsLocation() throws Exception {
    Path copy = example("adfs");
    idpMetadata(copy, "adfs-metadata.xml", "http://adfs.example.com/adfs/services/trust", true);
    keys(copy, "sp");
    Path yaml = importAndCheck(copy, "intranet.conf");
    assertThat(Files.readString(yaml))
        .contains("  protocol: \"wsfed\"")
        .contains("  entityId: \"http://adfs.example.com/adfs/services/trust\"")
        .contains("sameSite: \"Lax\"")
        .contains("remoteUserAttributes: [\"upn\", \"email\"]")
        .contains(
            "    \"app\": {attribute: \"groups\", values: [\"CN=App Users,OU=Groups,DC=example,DC=com\"]}")
        .contains(
            "  - path: \"/app\"\n    backend: \"http://127.0.0.1:9001\"\n    auth: required\n"
                + "    access: \"app\"")
        .contains(
            "  - path: \"/reports\"\n    backend: \"http://127.0.0.1:9002\"\n    auth: required")
        .contains(
            "  - path: \"/public\"\n    backend: \"http://127.0.0.1:9003\"\n    auth: optional");
    assertThat(err())
        .doesNotContain("Require shib-attr")
        .contains("ShibUseHeaders On: spgate always passes attributes as request headers");
    RouteConfig app = route(yaml, "/app");
    // The group's name has spaces and commas: it arrives as one value.
    assertThat(allowed(app, Map.of("groups", List.of("CN=App Users,OU=Groups,DC=example,DC=com"))))
        .isTrue();
    assertThat(allowed(app, Map.of("groups", List.of("CN=App Users")))).isFalse();
  }

  @Test
  void federationSetUpImportsSignedRemoteMetadataMdqAndItsAccessRules() throws Exception {
    Path copy = example("federation");
    SpCredential signer = TestIdp.TestKeys.generate("federation signer");
    Files.writeString(copy.resolve("federation-signer.pem"), PemFiles.toPem(signer.certificate()));
    signedAggregate(
        copy, "federation-metadata.xml", "https://idp.example.edu/idp/shibboleth", signer);
    keys(copy, "sp");
    keys(copy, "sp-key-next", "sp-cert-next");
    Path yaml = importAndCheck(copy, "wiki.conf");
    assertThat(Files.readString(yaml))
        .contains(
            "  remoteMetadata:\n"
                + "    - url: \"https://metadata.federation.example.org/federation-metadata.xml\"\n"
                + "      maxValidity: 2419200s\n"
                + "      signingCert: \""
                + copy.resolve("federation-signer.pem")
                + "\"\n"
                + "      cacheFile: \""
                + copy.resolve("federation-metadata.xml")
                + "\"\n"
                + "      maxRefresh: 7200s\n"
                + "    - mdq: \"https://mdq.federation.example.org/\"\n")
        .doesNotContain("  metadata:\n")
        .contains(
            "  - path: \"/edit\"\n    backend: \"http://127.0.0.1:3000\"\n    auth: required");
    assertThat(err())
        .doesNotContain("is not fetched")
        .contains("cacheDirectory: spgate keeps MDQ answers in memory only")
        .contains("no discovery service");
    // The shibboleth2.xml rules: staff or faculty, and not suspended.
    RouteConfig staff = route(yaml, "/staff");
    assertThat(allowed(staff, Map.of("affiliation", List.of("faculty@example.edu")))).isTrue();
    assertThat(
            allowed(
                staff,
                Map.of(
                    "affiliation",
                    List.of("faculty@example.edu"),
                    "entitlement",
                    List.of("urn:mace:example.edu:suspended"))))
        .isFalse();
    assertThat(allowed(staff, Map.of("affiliation", List.of("student@example.edu")))).isFalse();
    RouteConfig admin = route(yaml, "/admin");
    assertThat(allowed(admin, Map.of("eppn", List.of("jo-admin@example.edu")))).isTrue();
    assertThat(allowed(admin, Map.of("eppn", List.of("jo-admin@example.edu.evil.org")))).isFalse();
    // The Apache rules: RequireAll over a RequireAny, with a regular expression.
    RouteConfig research = route(yaml, "/research");
    assertThat(
            allowed(
                research,
                Map.of(
                    "affiliation", List.of("member@example.edu"),
                    "eppn", List.of("ann@lab.example.edu"))))
        .isTrue();
    assertThat(allowed(research, Map.of("eppn", List.of("ann@lab.example.edu")))).isFalse();
    assertThat(allowed(research, Map.of("affiliation", List.of("member@example.edu")))).isFalse();
    // Two Require lines: either one.
    RouteConfig library = route(yaml, "/library");
    assertThat(
            allowed(
                library,
                Map.of("entitlement", List.of("urn:mace:dir:entitlement:common-lib-terms"))))
        .isTrue();
    assertThat(allowed(library, Map.of("affiliation", List.of("affiliate@example.edu")))).isTrue();
    assertThat(allowed(library, Map.of("affiliation", List.of("student@example.edu")))).isFalse();
  }

  @Test
  void aRequireTheImporterCannotTranslateFailsClosedAndIsListed() throws Exception {
    Path copy = example("adfs");
    idpMetadata(copy, "adfs-metadata.xml", "http://adfs.example.com/adfs/services/trust", true);
    keys(copy, "sp");
    Files.writeString(
        copy.resolve("intranet.conf"),
        Files.readString(copy.resolve("intranet.conf"))
            .replace(
                "Require shib-attr groups \"CN=App Users,OU=Groups,DC=example,DC=com\"",
                "Require ip 10.0.0.0/8"));
    Path yaml = importAndCheck(copy, "intranet.conf");
    assertThat(Files.readString(yaml))
        .contains("\"app\": {not: {session: true}}   # PLACEHOLDER: nobody passes");
    assertThat(err()).contains("intranet.conf:").contains("no spgate rule for Require ip");
    assertThat(allowed(route(yaml, "/app"), Map.of("groups", List.of("anything")))).isFalse();
    // Control: the route beside it is reached with a session alone.
    assertThat(route(yaml, "/reports").access()).isNull();
  }

  @Test
  void whenTheFilesItNamesAreMissingThenCheckConfigListsEachOneAndExitsTwo() throws Exception {
    Path copy = example("debian");
    Path yaml = copy.resolve("spgate.yaml");
    assertThat(
            run(
                "import-shibboleth",
                copy.resolve("shibboleth2.xml").toString(),
                "--out",
                yaml.toString()))
        .isZero();
    errBytes.reset();
    assertThat(run("check-config", "--config", yaml.toString())).isEqualTo(2);
    assertThat(err())
        .contains("idp-metadata.xml")
        .contains("sp-signing-cert.pem")
        .contains("sp-encrypt-key.pem");
  }

  @Test
  void whenShibbolethXmlHasADoctypeThenTheHardenedParserRefusesItWithExitTwo() throws Exception {
    Path file = dir.resolve("shibboleth2.xml");
    Files.writeString(
        file,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
            + "<SPConfig xmlns=\"urn:mace:shibboleth:3.0:native:sp:config\">&e;</SPConfig>\n");
    assertThat(run("import-shibboleth", file.toString())).isEqualTo(2);
    assertThat(err()).contains(file.toString()).doesNotContain("root:");
    assertThat(out()).isEmpty();
  }

  private Path importAndCheck(Path copy, String apache) throws Exception {
    Path yaml = copy.resolve("spgate.yaml");
    int imported =
        run(
            "import-shibboleth",
            copy.resolve("shibboleth2.xml").toString(),
            "--apache",
            copy.resolve(apache).toString(),
            "--out",
            yaml.toString());
    assertThat(imported).as(err()).isZero();
    outBytes.reset();
    int checked = run("check-config", "--config", yaml.toString());
    assertThat(checked).as(err() + "\n" + Files.readString(yaml)).isZero();
    assertThat(out()).contains("configuration OK");
    return yaml;
  }

  private Path example(String name) throws IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(REPO.resolve("examples/shibboleth").resolve(name))) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Files.copy(REPO.resolve("attribute-maps/attribute-map.xml"), copy.resolve("attribute-map.xml"));
    return copy;
  }

  private static void idpMetadata(Path copy, String file, String entityId, boolean wsFed)
      throws IOException {
    TestIdp idp =
        new TestIdp(MutableClock.atSystemTime(), entityId, TestIdp.TestKeys.generate("idp"));
    Files.writeString(
        copy.resolve(file), wsFed ? idp.metadataXmlWithWsFed() : idp.metadataXml(false));
  }

  /** A federation aggregate holding {@code entityId}, signed by {@code signer}, valid a week. */
  private static void signedAggregate(Path copy, String file, String entityId, SpCredential signer)
      throws IOException {
    TestIdp idp =
        new TestIdp(MutableClock.atSystemTime(), entityId, TestIdp.TestKeys.generate("idp"));
    String entity =
        IdpMetadataWriter.write(entityId, TestIdp.SSO_URL, idp.key(), false)
            .replaceFirst("^<\\?xml[^>]*\\?>", "");
    String aggregate =
        "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" validUntil=\""
            + Instant.now().plus(Duration.ofDays(7))
            + "\">"
            + entity
            + "</md:EntitiesDescriptor>";
    Files.write(
        copy.resolve(file),
        MetadataSigner.sign(aggregate.getBytes(StandardCharsets.UTF_8), signer));
  }

  private static RouteConfig route(Path yaml, String path) throws Exception {
    return ConfigLoader.load(yaml).routes().stream()
        .filter(route -> route.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private static boolean allowed(RouteConfig route, Map<String, List<String>> attributes) {
    return java.util.Objects.requireNonNull(route.access())
        .decide(Attributes.of(attributes))
        .allowed();
  }

  private static void keys(Path copy, String prefix) throws IOException {
    keys(copy, prefix + "-key", prefix + "-cert");
  }

  private static void keys(Path copy, String key, String cert) throws IOException {
    PemFiles.write(
        KeyPairs.selfSigned("sp", 2048, Instant.now().minusSeconds(60), Duration.ofDays(30)),
        copy.resolve(cert + ".pem"),
        copy.resolve(key + ".pem"));
  }

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }
}
