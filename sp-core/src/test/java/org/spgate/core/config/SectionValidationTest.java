package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;
import static org.spgate.core.config.TestConfigDir.minimalWithRoutes;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of mistake in each section, reported with line and key, beside an accepted control. */
class SectionValidationTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  private static String route(String path, String backend) {
    return "routes:\n  - path: " + path + "\n    backend: " + backend;
  }

  @Test
  void loadWhenRouteBackendIsNotHttpThenReportsLineAndKey() {
    String yaml = minimalWithRoutes(route("/", "ftp://127.0.0.1:21"));

    dir.onlyProblem(
        yaml, lineOf(yaml, "ftp:"), "routes[0].backend", "expected an http:// backend URL");
  }

  @Test
  void loadWhenRouteBackendIsHttpThenAccepted() throws ConfigException {
    String yaml = minimalWithRoutes(route("/", "http://backend.internal:8081"));

    assertThat(dir.load(yaml).routes().get(0).backend())
        .isEqualTo(URI.create("http://backend.internal:8081"));
  }

  @Test
  void loadWhenRouteBackendIsHttpsThenSaysNotSupportedYet() {
    String yaml = minimalWithRoutes(route("/", "https://127.0.0.1:8443"));

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "https://127"),
        "routes[0].backend",
        "https backends are not supported yet");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8081?x=1",
        "http://u:p@127.0.0.1:8081",
        "http://127.0.0.1:8081/a/../b",
        "127.0.0.1:8081"
      })
  void loadWhenRouteBackendHasQueryUserInfoDotSegmentsOrNoSchemeThenRefused(String backend) {
    String yaml = minimalWithRoutes(route("/", "\"" + backend + "\""));

    dir.onlyProblem(yaml, lineOf(yaml, "backend:"), "routes[0].backend", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "/app/", "/a/../b", "/a%2e", "/a;x", "/a?b", "/a//b", "/a b"})
  void loadWhenRoutePathIsUnsafeThenRefused(String path) {
    String yaml = minimalWithRoutes(route("\"" + path + "\"", "http://127.0.0.1:8081"));

    dir.onlyProblem(yaml, lineOf(yaml, "path:"), "routes[0].path", "path must");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/app", "/app/v1.2", "/~user", "/a-b_c"})
  void loadWhenRoutePathIsSafeThenAccepted(String path) throws ConfigException {
    String yaml = minimalWithRoutes(route(path, "http://127.0.0.1:8081"));

    assertThat(dir.load(yaml).routes().get(0).path()).isEqualTo(path);
  }

  @Test
  void loadWhenRoutePathsRepeatThenSecondIsRefused() {
    String yaml =
        minimalWithRoutes(
            route("/app", "http://127.0.0.1:8081") + "\n  - path: /app\n    backend: http://h:1");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "backend: http://h:1") - 1,
        "routes[1].path",
        "duplicate route path /app; already routed on line " + lineOf(yaml, "/app"));
  }

  @Test
  void loadWhenRouteIsInsideHandlerPathThenRefused() {
    String yaml = minimalWithRoutes(route("/Shibboleth.sso/x", "http://127.0.0.1:8081"));

    dir.onlyProblem(yaml, lineOf(yaml, "path:"), "routes[0].path", "is inside handlerPath");
  }

  @Test
  void loadWhenRouteOnlySharesAPrefixWithHandlerPathThenAccepted() throws ConfigException {
    String yaml = minimalWithRoutes(route("/Shibboleth.ssox", "http://127.0.0.1:8081"));

    assertThat(dir.load(yaml).routes()).hasSize(1);
  }

  @Test
  void loadWhenRoutesAreEmptyThenAtLeastOneIsRequired() {
    String yaml = minimalWithRoutes("routes: []");

    dir.onlyProblem(yaml, lineOf(yaml, "routes"), "routes", "at least one route");
  }

  @Test
  void loadWhenRouteAuthIsMisspeltThenListsTheSpellings() {
    String yaml = minimalWithRoutes(route("/", "http://h:1") + "\n    auth: Required");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "auth:"),
        "routes[0].auth",
        "expected one of required, optional, none, got \"Required\"");
  }

  @Test
  void loadWhenRouteLacksBackendThenReportsTheRouteLine() {
    String yaml = minimalWithRoutes("routes:\n  - path: /");

    dir.onlyProblem(yaml, lineOf(yaml, "- path"), "routes[0].backend", "required key is missing");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://sp.example.org/app",
        "https://sp.example.org?x",
        "https://a@sp.example.org",
        "ftp://sp.example.org",
        "sp.example.org",
        "https://"
      })
  void loadWhenPublicUrlIsNotAnOriginThenRefused(String url) {
    String yaml = minimalWith("").replace("https://sp.example.org", url);

    dir.onlyProblem(yaml, 1, "publicUrl", "");
  }

  @Test
  void loadWhenPublicUrlHasTrailingSlashOrUpperCaseThenNormalised() throws ConfigException {
    String yaml = minimalWith("").replace("https://sp.example.org", "HTTPS://SP.example.org/");

    assertThat(dir.load(yaml).publicUrl()).isEqualTo(URI.create("https://sp.example.org"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "Shibboleth.sso", "/sso/", "/s?x", "/a/../b"})
  void loadWhenHandlerPathIsUnsafeThenRefused(String path) {
    String yaml = minimalWith("handlerPath: \"" + path + "\"");

    dir.onlyProblem(yaml, lineOf(yaml, "handlerPath"), "handlerPath", "path must");
  }

  @Test
  void loadWhenListenIsHostPortThenAccepted() throws ConfigException {
    assertThat(dir.load(minimalWith("listen: 0.0.0.0:0")).listen().getPort()).isZero();
    assertThat(dir.load(minimalWith("listen: localhost:65535")).listen().getPort())
        .isEqualTo(65535);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8080",
        "127.0.0.1:65536",
        "::1:8080",
        "[::1]",
        "[nope]:80",
        "256.0.0.1:80",
        "under_score:80"
      })
  void loadWhenListenIsMalformedThenRefused(String listen) {
    String yaml = minimalWith("listen: \"" + listen + "\"");

    dir.onlyProblem(yaml, lineOf(yaml, "listen"), "listen", "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connectTimeout: 50ms",
        "stallTimeout: 0s",
        "idleTimeout: 2h",
        "maxQueue: -1",
        "connectionsPerBackend: 0"
      })
  void loadWhenProxyLimitIsOutOfRangeThenRefusedNamingTheKey(String line) {
    String yaml = minimalWith("proxy:\n  " + line);
    String key = line.substring(0, line.indexOf(':'));

    dir.onlyProblem(yaml, lineOf(yaml, key), "proxy." + key, "");
  }

  @Test
  void loadWhenProxyLimitsAreInRangeThenRead() throws Exception {
    var proxy =
        dir.load(
                minimalWith(
                    "proxy:\n  connectTimeout: 100ms\n  stallTimeout: 1d\n  idleTimeout: 1h\n"
                        + "  maxQueue: 0"))
            .proxy();
    assertThat(proxy.connectTimeout()).isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(proxy.stallTimeout()).isEqualTo(java.time.Duration.ofDays(1));
    assertThat(proxy.idleTimeout()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(proxy.maxQueue()).isZero();
  }

  @Test
  void loadWhenTrustedProxyIsNotAnAddressOrRangeThenReportsTheItem() {
    String yaml =
        minimalWith(
            "proxy:\n  trustedProxies:\n    - 10.0.0.0/32\n    - 10.0.0.0/33\n"
                + "    - ::/128\n    - proxy.example.org");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("proxy.trustedProxies[1]", "proxy.trustedProxies[3]");
    assertThat(problems)
        .extracting(ConfigProblem::line)
        .containsExactly(lineOf(yaml, "/33"), lineOf(yaml, "proxy.example"));
    assertThat(problems.get(0).message()).contains("from 0 to 32");
  }

  @Test
  void loadWhenMetadataFileIsMissingThenNamesTheResolvedPath() {
    String yaml = TestConfigDir.MINIMAL.replace("idp-metadata.xml", "[idp-metadata.xml, gone.xml]");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "gone.xml"),
        "idp.metadata[1]",
        "file not found: " + tmp.resolve("gone.xml"));
  }

  @Test
  void loadWhenMetadataIsADirectoryThenRefused() {
    dir.write("meta/x", "");
    String yaml = TestConfigDir.MINIMAL.replace("idp-metadata.xml", "meta");

    dir.onlyProblem(yaml, lineOf(yaml, "meta"), "idp.metadata", "not a regular file");
  }

  @Test
  void loadWhenMetadataListIsEmptyThenRefused() {
    String yaml = TestConfigDir.MINIMAL.replace("idp-metadata.xml", "[]");

    dir.onlyProblem(yaml, lineOf(yaml, "[]"), "idp.metadata", "at least one metadata file");
  }

  @Test
  void loadWhenIdpHasNoValueThenMetadataIsMissingOnTheIdpLine() {
    String yaml = TestConfigDir.MINIMAL.replace("  metadata: idp-metadata.xml\n", "");

    dir.onlyProblem(yaml, lineOf(yaml, "idp:"), "idp.metadata", "required key is missing");
  }

  @Test
  void loadWhenIdpIsMissingThenOneProblem() {
    String yaml = "publicUrl: https://sp.example.org\n" + route("/", "http://h:1") + "\n";

    dir.onlyProblem(yaml, 1, "idp", "required key is missing");
  }

  @Test
  void loadWhenCredentialFilesAreMissingThenEachIsReported() {
    String yaml = minimalWith("credentials:\n  - cert: no-cert.pem\n    key: no-key.pem");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("credentials[0].cert", "credentials[0].key");
    assertThat(problems.get(1).message()).isEqualTo("file not found: " + tmp.resolve("no-key.pem"));
  }

  @Test
  void loadWhenDefaultAttributeMapIsMissingThenSaysWhichKeyToSet() throws Exception {
    Files.delete(tmp.resolve("attribute-maps/attribute-map.xml"));

    dir.onlyProblem(
        TestConfigDir.MINIMAL,
        0,
        "attributeMap",
        "(the default; set attributeMap to use another file)");
  }

  @Test
  void loadWhenSameSiteNoneWithoutSecureThenRefused() {
    String yaml = minimalWith("cookie:\n  secure: false\n  sameSite: None");

    dir.onlyProblem(yaml, lineOf(yaml, "None"), "cookie.sameSite", "needs secure: true");
  }

  @Test
  void loadWhenSameSiteNoneWithSecureThenAccepted() throws ConfigException {
    assertThat(dir.load(minimalWith("cookie:\n  sameSite: None")).cookie())
        .isEqualTo(new CookieConfig("__Host-spgate", true, "None"));
  }

  @Test
  void loadWhenSecureCookieWithHttpPublicUrlThenRefused() {
    String yaml = minimalWith("cookie:\n  secure: true").replace("https://sp", "http://sp");

    dir.onlyProblem(yaml, lineOf(yaml, "secure"), "cookie.secure", "needs an https publicUrl");
  }

  @Test
  void loadWhenHttpPublicUrlThenCookieDefaultsToPlainName() throws ConfigException {
    String yaml = TestConfigDir.MINIMAL.replace("https://sp", "http://sp");

    assertThat(dir.load(yaml).cookie()).isEqualTo(new CookieConfig("spgate_session", false, "Lax"));
  }

  @Test
  void loadWhenInsecureCookieWithHttpsPublicUrlThenAcceptedWithPlainName() throws ConfigException {
    assertThat(dir.load(minimalWith("cookie:\n  secure: false")).cookie().name())
        .isEqualTo("spgate_session");
  }

  @Test
  void loadWhenHostPrefixedNameWithoutSecureThenRefused() {
    String yaml = minimalWith("cookie:\n  secure: false\n  name: __Host-x");

    dir.onlyProblem(yaml, lineOf(yaml, "__Host-x"), "cookie.name", "needs secure: true");
  }

  @Test
  void loadWhenSessionTimeoutExceedsLifetimeThenRefused() {
    String yaml = minimalWith("sessions:\n  lifetime: 1h\n  timeout: 61m");

    dir.onlyProblem(yaml, lineOf(yaml, "61m"), "sessions.timeout", "exceeds sessions.lifetime 1h");
  }

  @Test
  void loadWhenSessionTimeoutEqualsLifetimeThenAccepted() throws ConfigException {
    assertThat(
            dir.load(minimalWith("sessions:\n  lifetime: 1h\n  timeout: 60m")).sessions().timeout())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void loadWhenHeaderNameHasSpaceOrColonThenRefused() {
    String yaml = minimalWith("headers:\n  remoteUser: \"Remote User\"\n  prefix: \"X:\"");

    assertThat(dir.problems(yaml))
        .extracting(ConfigProblem::key)
        .containsExactly("headers.prefix", "headers.remoteUser");
  }

  @Test
  void loadWhenMaxSessionsIsOutOfRangeThenRefused() {
    String yaml = minimalWith("sessions:\n  maxSessions: 0");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "maxSessions"),
        "sessions.maxSessions",
        "expected a whole number from 1 to 1000000000, got 0");
  }

  @Test
  void loadWhenSectionIsAScalarThenExpectsAMapping() {
    String yaml = minimalWith("security: strict");

    dir.onlyProblem(
        yaml, lineOf(yaml, "strict"), "security", "expected a mapping of keys, got \"strict\"");
  }

  // --- upgrades --------------------------------------------------------------------------------

  @Test
  void loadWhenRouteListsUpgradeProtocolsThenKeptLowerCasedAndOffByDefault()
      throws ConfigException {
    String yaml =
        minimalWithRoutes(
            "routes:\n"
                + "  - {path: /ws, backend: \"http://127.0.0.1:8081\", upgrade: [WebSocket]}\n"
                + "  - {path: /one, backend: \"http://127.0.0.1:8081\", upgrade: SPDY/3.1}\n"
                + "  - {path: /, backend: \"http://127.0.0.1:8081\"}");

    List<RouteConfig> routes = dir.load(yaml).routes();

    assertThat(routes.get(0).upgrade()).containsExactly("websocket");
    assertThat(routes.get(1).upgrade()).containsExactly("spdy/3.1");
    assertThat(routes.get(2).upgrade()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2c", "H2C", "h2", "HTTP/2.0", "http/1.1"})
  void loadWhenRouteUpgradesToProtocolCarryingHttpThenRefused(String protocol) {
    String yaml =
        minimalWithRoutes(
            "routes:\n  - path: /\n    backend: http://127.0.0.1:8081\n    upgrade: ["
                + protocol
                + "]");

    dir.onlyProblem(yaml, lineOf(yaml, "upgrade:"), "routes[0].upgrade[0]", "past spgate's checks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"web socket\"", "\"websocket/\"", "\"a/b/c\"", "\"\""})
  void loadWhenUpgradeProtocolIsNotATokenThenRefused(String protocol) {
    String yaml =
        minimalWithRoutes(
            "routes:\n  - path: /\n    backend: http://127.0.0.1:8081\n    upgrade: ["
                + protocol
                + "]");

    dir.onlyProblem(
        yaml, lineOf(yaml, "upgrade:"), "routes[0].upgrade[0]", "expected an upgrade protocol");
  }

  @Test
  void loadWhenUpgradeProtocolListedTwiceThenRefused() {
    String yaml =
        minimalWithRoutes(
            "routes:\n  - path: /\n    backend: http://127.0.0.1:8081\n"
                + "    upgrade: [websocket, WEBSOCKET]");

    dir.onlyProblem(yaml, lineOf(yaml, "upgrade:"), "routes[0].upgrade", "listed twice");
  }

  @Test
  void loadWhenSessionRecheckIntervalOutOfRangeThenRefusedAndDefaultIs30s() throws ConfigException {
    String yaml = minimalWith("sessions:\n  recheckInterval: 500ms");

    dir.onlyProblem(yaml, lineOf(yaml, "500ms"), "sessions.recheckInterval", "");
    assertThat(dir.load(minimalWith("")).sessions().recheck()).isEqualTo(Duration.ofSeconds(30));
    assertThat(dir.load(minimalWith("sessions:\n  recheckInterval: 5s")).sessions().recheck())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
