package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.spgate.core.config.TestConfigDir.MINIMAL;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-file behaviour of {@link ConfigLoader}: round trip, defaults, YAML hardening, reporting.
 */
class ConfigLoaderTest {

  private static final String FULL =
      String.join(
          "\n",
          "listen: \"[::1]:9443\"",
          "publicUrl: https://SP.Example.org:8443",
          "entityId: urn:example:sp",
          "handlerPath: /sso",
          "credentials:",
          "  - cert: sp-cert.pem",
          "    key: sp-key.pem",
          "idp:",
          "  metadata: [idp-metadata.xml, other-idp.xml]",
          "  entityId: https://idp.example.org/idp/shibboleth",
          "attributeMap: attribute-maps/attribute-map.xml",
          "security:",
          "  clockSkew: 60s",
          "  messageLifetime: PT2M",
          "  maxMessageSize: 512KiB",
          "  allowUnsolicited: true",
          "  allowSha1: true",
          "  redirectAllowList: [https://app.example.org, http://localhost:3000]",
          "  bindSessionToAddress: true",
          "  allowCbcEncryption: true",
          "  decryptionFailuresPerMinute: 3",
          "sessions:",
          "  lifetime: 1d",
          "  timeout: 30m",
          "  maxSessions: 5000",
          "cookie:",
          "  name: sp_sess",
          "  secure: true",
          "  sameSite: None",
          "headers:",
          "  prefix: X-Saml-",
          "  remoteUser: REMOTE_USER",
          "  remoteUserAttributes: [uid, eppn]",
          "  encoding: url",
          "  maxTotalSize: 64KB",
          "  sessionHeaders: false",
          "proxy:",
          "  trustedProxies: [10.0.0.1, 192.168.0.0/16, \"fd00::/8\"]",
          "  maxRequestBody: 0",
          "  maxRequestHeaderSize: 64KiB",
          "  backendTimeout: 5s",
          "  connectionsPerBackend: 8",
          "  connectTimeout: 250ms",
          "  stallTimeout: 2m",
          "  idleTimeout: 10s",
          "  maxQueue: 0",
          "routes:",
          "  - path: /",
          "    backend: http://127.0.0.1:8081",
          "  - path: /api",
          "    backend: http://127.0.0.1:8082/v1",
          "    auth: optional",
          "  - path: /public",
          "    backend: http://127.0.0.1:8083",
          "    auth: none",
          "");

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenEveryKeyIsSetThenEveryValueIsRead() throws ConfigException {
    SpConfig config = dir.load(FULL);

    assertThat(config.configFile()).isEqualTo(tmp.resolve("spgate.yaml"));
    assertThat(config.listen().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(config.listen().getPort()).isEqualTo(9443);
    assertThat(config.publicUrl()).isEqualTo(URI.create("https://sp.example.org:8443"));
    assertThat(config.entityId()).isEqualTo("urn:example:sp");
    assertThat(config.handlerPath()).isEqualTo("/sso");
    assertThat(config.credentials())
        .containsExactly(
            new CredentialConfig(tmp.resolve("sp-cert.pem"), tmp.resolve("sp-key.pem")));
    assertThat(config.idp())
        .isEqualTo(
            new IdpConfig(
                List.of(tmp.resolve("idp-metadata.xml"), tmp.resolve("other-idp.xml")),
                "https://idp.example.org/idp/shibboleth"));
    assertThat(config.attributeMap()).isEqualTo(tmp.resolve("attribute-maps/attribute-map.xml"));
    assertThat(config.security())
        .isEqualTo(
            new SecurityConfig(
                Duration.ofSeconds(60),
                Duration.ofMinutes(2),
                512 * 1024,
                true,
                true,
                List.of(URI.create("https://app.example.org"), URI.create("http://localhost:3000")),
                true,
                true,
                3));
    assertThat(config.sessions())
        .isEqualTo(new SessionConfig(Duration.ofDays(1), Duration.ofMinutes(30), 5000));
    assertThat(config.cookie()).isEqualTo(new CookieConfig("sp_sess", true, "None"));
    assertThat(config.headers())
        .isEqualTo(
            new HeaderConfig(
                "X-Saml-",
                "REMOTE_USER",
                List.of("uid", "eppn"),
                HeaderEncoding.URL,
                64_000,
                false));
    assertThat(config.proxy())
        .isEqualTo(
            new ProxyConfig(
                List.of("10.0.0.1", "192.168.0.0/16", "fd00::/8"),
                0,
                64 * 1024,
                Duration.ofSeconds(5),
                8,
                Duration.ofMillis(250),
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                0));
    assertThat(config.routes())
        .containsExactly(
            new RouteConfig("/", URI.create("http://127.0.0.1:8081"), AuthMode.REQUIRED),
            new RouteConfig("/api", URI.create("http://127.0.0.1:8082/v1"), AuthMode.OPTIONAL),
            new RouteConfig("/public", URI.create("http://127.0.0.1:8083"), AuthMode.NONE));
    assertThat(config.endpointUrl("/SAML2/POST"))
        .isEqualTo("https://sp.example.org:8443/sso/SAML2/POST");
  }

  @Test
  void loadWhenOnlyRequiredKeysThenDefaultsApply() throws ConfigException {
    SpConfig config = dir.load(MINIMAL);

    assertThat(config.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(config.entityId()).isEqualTo("https://sp.example.org/shibboleth");
    assertThat(config.handlerPath()).isEqualTo("/Shibboleth.sso");
    assertThat(config.credentials()).isEmpty();
    assertThat(config.idp())
        .isEqualTo(new IdpConfig(List.of(tmp.resolve("idp-metadata.xml")), null));
    assertThat(config.attributeMap()).isEqualTo(tmp.resolve("attribute-maps/attribute-map.xml"));
    assertThat(config.security())
        .isEqualTo(
            new SecurityConfig(
                Duration.ofSeconds(180),
                Duration.ofMinutes(5),
                1024 * 1024,
                false,
                false,
                List.of(),
                false,
                false,
                10));
    assertThat(config.sessions())
        .isEqualTo(new SessionConfig(Duration.ofHours(8), Duration.ofHours(1), 1_000_000));
    assertThat(config.cookie()).isEqualTo(new CookieConfig("__Host-spgate", true, "Lax"));
    assertThat(config.headers())
        .isEqualTo(
            new HeaderConfig(
                "",
                "Remote-User",
                List.of("eppn", "subject-id", "pairwise-id", "persistent-id"),
                HeaderEncoding.UTF8,
                256 * 1024,
                true));
    assertThat(config.proxy())
        .isEqualTo(
            new ProxyConfig(List.of(), 10 * 1024 * 1024, 1024 * 1024, Duration.ofSeconds(30), 64));
    assertThat(config.routes())
        .containsExactly(
            new RouteConfig("/", URI.create("http://127.0.0.1:8081"), AuthMode.REQUIRED));
    assertThat(config.endpointUrl("/SAML2/POST"))
        .isEqualTo("https://sp.example.org/Shibboleth.sso/SAML2/POST");
  }

  @Test
  void loadWhenSectionsAreEmptyThenDefaultsApply() throws ConfigException {
    // An annotated file with every key of a section commented out leaves "security:" empty.
    SpConfig config = dir.load(minimalWith("security:\nsessions:\ncookie:\nheaders:\nproxy:\n"));

    assertThat(config.security().clockSkew()).isEqualTo(Duration.ofSeconds(180));
    assertThat(config.cookie().name()).isEqualTo("__Host-spgate");
  }

  @Test
  void loadWhenSeveralMistakesThenAllAreReportedTogether() {
    String yaml =
        String.join(
            "\n",
            "publicUrl: ftp://sp.example.org",
            "idp:",
            "  metadata: missing.xml",
            "security:",
            "  clockSkew: [1, 2]",
            "  allowSha1: yes",
            "routes:",
            "  - path: /app/",
            "    backend: http://127.0.0.1:8081",
            "  - path: /",
            "    backend: https://127.0.0.1:8443",
            "colour: blue",
            "");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly(
            "publicUrl",
            "idp.metadata",
            "security.clockSkew",
            "security.allowSha1",
            "routes[0].path",
            "routes[1].backend",
            "colour");
    assertThat(problems).extracting(ConfigProblem::line).containsExactly(1, 3, 5, 6, 8, 11, 12);
    assertThat(problems.get(2).message()).isEqualTo("expected a duration like 180s, got a list");
    assertThat(problems.get(3).message()).isEqualTo("expected true or false, got \"yes\"");
  }

  @Test
  void loadWhenRequiredKeysAreMissingThenReportsTheParentLine() {
    String yaml =
        String.join("\n", "# comment", "listen: 127.0.0.1:8080", "idp:", "  entityId: x", "");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("publicUrl", "idp.metadata", "routes");
    // The root mapping starts on line 2 (after the comment); idp's mapping on line 4.
    assertThat(problems).extracting(ConfigProblem::line).containsExactly(2, 4, 2);
    assertThat(problems.get(0).message()).contains("required key is missing");
  }

  @Test
  void loadWhenKeyIsDuplicatedThenRefused() {
    String yaml = minimalWith("handlerPath: /a\nhandlerPath: /b");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "/b"),
        "handlerPath",
        "duplicate key; it is already set on line " + lineOf(yaml, "/a"));
  }

  @Test
  void loadWhenKeysAreDistinctThenAccepted() throws ConfigException {
    assertThat(dir.load(minimalWith("handlerPath: /a\nentityId: urn:b")).handlerPath())
        .isEqualTo("/a");
  }

  @Test
  void loadWhenAnchorsAndAliasesAreUsedThenRefused() {
    String yaml = minimalWithRoutesUsingAnchor();

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(1);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "&backend"),
        null,
        "YAML anchors and aliases (&backend, *backend) are not supported");
  }

  private static String minimalWithRoutesUsingAnchor() {
    return TestConfigDir.minimalWithRoutes(
        String.join(
            "\n",
            "routes:",
            "  - path: /",
            "    backend: &backend http://127.0.0.1:8081",
            "  - path: /b",
            "    backend: *backend"));
  }

  @Test
  void loadWhenMergeKeyIsUsedThenRefused() {
    String yaml = minimalWith("security:\n  <<: {clockSkew: 5s}");

    dir.onlyProblem(yaml, lineOf(yaml, "<<"), null, "merge keys (<<) are not supported");
  }

  @Test
  void loadWhenLocalTagIsUsedThenRefused() {
    String yaml = minimalWith("entityId: !custom urn:x");

    dir.onlyProblem(yaml, lineOf(yaml, "!custom"), null, "YAML tag !custom is not supported");
  }

  @Test
  void loadWhenClassTagIsUsedThenRefusedWithoutConstructingIt() {
    String yaml = minimalWith("entityId: !!java.io.File /etc/passwd");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(lineOf(yaml, "!!java"));
    assertThat(problems.get(0).message()).contains("java.io.File");
  }

  @Test
  void loadWhenStandardStringTagIsUsedThenAccepted() throws ConfigException {
    assertThat(dir.load(minimalWith("entityId: !!str 12345")).entityId()).isEqualTo("12345");
  }

  @Test
  void loadWhenYamlIsMalformedThenReportsTheLine() {
    String yaml = MINIMAL + "security:\n  clockSkew: 1s\n    bad: indentation\n";

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(lineOf(yaml, "bad:"));
    assertThat(problems.get(0).message()).startsWith("not valid YAML");
  }

  @Test
  void loadWhenFileIsEmptyThenSaysWhatIsExpected() {
    assertThat(dir.problems("# nothing\n").get(0).message()).contains("the file is empty");
  }

  @Test
  void loadWhenRootIsAListThenExpectsAMapping() {
    assertThat(dir.problems("- a\n- b\n").get(0).message())
        .isEqualTo("expected a mapping of keys, got a list");
  }

  @Test
  void loadWhenTopLevelKeyIsMisspeltThenSuggestsTheKnownKey() {
    String yaml = minimalWith("publicURL: https://x.example.org");

    dir.onlyProblem(yaml, lineOf(yaml, "publicURL"), "publicURL", "did you mean publicUrl?");
  }

  @Test
  void loadWhenNestedKeyIsMisspeltThenSuggestsTheKnownKey() {
    String yaml = minimalWith("security:\n  clockSkw: 5s");

    dir.onlyProblem(yaml, lineOf(yaml, "clockSkw"), "security.clockSkw", "did you mean clockSkew?");
  }

  @Test
  void loadWhenUnknownKeyIsFarFromEveryKnownKeyThenNoSuggestion() {
    String yaml = minimalWith("colour: blue");

    ConfigProblem problem = dir.onlyProblem(yaml, lineOf(yaml, "colour"), "colour", "unknown key");
    assertThat(problem.message()).doesNotContain("did you mean");
  }

  @Test
  void loadWhenRelativePathsThenResolvedAgainstTheConfigDirectory() throws ConfigException {
    Path sub = tmp.resolve("etc");
    TestConfigDir nested = new TestConfigDir(sub);
    nested.write("keys/c.pem", "c");
    String yaml =
        minimalWith(
            "credentials:\n  - cert: keys/c.pem\n    key: "
                + tmp.resolve("sp-key.pem")
                + "\n"
                + "attributeMap: ../attribute-maps/attribute-map.xml");

    SpConfig config = nested.load(yaml);

    assertThat(config.idp().metadata()).containsExactly(sub.resolve("idp-metadata.xml"));
    assertThat(config.credentials())
        .containsExactly(
            new CredentialConfig(sub.resolve("keys/c.pem"), tmp.resolve("sp-key.pem")));
    assertThat(config.attributeMap()).isEqualTo(tmp.resolve("attribute-maps/attribute-map.xml"));
  }

  @Test
  void parseWhenGivenTextThenResolvesAgainstTheNamedFilesDirectory() throws ConfigException {
    SpConfig config = ConfigLoader.parse(MINIMAL, tmp.resolve("virtual.yaml"));

    assertThat(config.configFile()).isEqualTo(tmp.resolve("virtual.yaml"));
    assertThat(config.idp().metadata()).containsExactly(tmp.resolve("idp-metadata.xml"));
  }

  @Test
  void loadWhenConfigFileDoesNotExistThenOneProblemNamesIt() {
    Path missing = tmp.resolve("nope.yaml");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing));

    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("cannot read " + missing));
  }

  @Test
  void endpointUrlWhenSuffixLacksSlashThenRefused() throws ConfigException {
    SpConfig config = dir.load(MINIMAL);

    assertThat(config.endpointUrl("")).isEqualTo("https://sp.example.org/Shibboleth.sso");
    assertThatIllegalArgumentException().isThrownBy(() -> config.endpointUrl("SAML2/POST"));
  }

  @Test
  void recordsWhenListArgumentChangesLaterThenKeepTheirCopy() {
    List<String> trusted = new ArrayList<>(List.of("10.0.0.1"));
    ProxyConfig proxy = new ProxyConfig(trusted, 0, 4096, Duration.ofSeconds(1), 1);

    trusted.add("10.0.0.2");

    assertThat(proxy.trustedProxies()).containsExactly("10.0.0.1");
  }
}
