package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWithRoutes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route's {@code backends} list (several backends in turn) and its own proxy limits ({@code
 * backendTimeout}, {@code stallTimeout}, {@code connectTimeout}, {@code maxBodySize}): each read,
 * and each wrong value refused with its line and key.
 */
class RouteBackendsConfigTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  private static String route(String... lines) {
    return "routes:\n  - path: /\n" + String.join("\n", lines.length == 0 ? new String[0] : lines);
  }

  @Test
  void loadWhenBackendsListedThenAllInOrderAndTheFirstIsTheBackend() throws ConfigException {
    String yaml =
        minimalWithRoutes(
            route(
                "    backends:",
                "      - http://10.0.0.1:8080/app",
                "      - http://10.0.0.2:8080/app",
                "      - http://10.0.0.3:9090/app"));

    RouteConfig r = dir.load(yaml).routes().get(0);

    assertThat(r.backends())
        .containsExactly(
            URI.create("http://10.0.0.1:8080/app"),
            URI.create("http://10.0.0.2:8080/app"),
            URI.create("http://10.0.0.3:9090/app"));
    assertThat(r.backend()).isEqualTo(URI.create("http://10.0.0.1:8080/app"));
    assertThat(r.proxyLimits()).isEqualTo(ProxyOverrides.NONE);
  }

  @Test
  void loadWhenOneBackendThenBackendsIsThatOne() throws ConfigException {
    String yaml = minimalWithRoutes(route("    backend: http://10.0.0.1:8080"));

    RouteConfig r = dir.load(yaml).routes().get(0);

    assertThat(r.backends()).containsExactly(URI.create("http://10.0.0.1:8080"));
    assertThat(r.proxyLimits().isEmpty()).isTrue();
  }

  @Test
  void loadWhenBackendAndBackendsBothSetThenMutuallyExclusive() {
    String yaml =
        minimalWithRoutes(
            route(
                "    backend: http://10.0.0.1:8080",
                "    backends: [http://10.0.0.2:8080, http://10.0.0.3:8080]"));

    dir.onlyProblem(yaml, lineOf(yaml, "backends:"), "routes[0].backends", "mutually exclusive");
  }

  @Test
  void loadWhenNeitherBackendNorBackendsThenBackendIsRequired() {
    String yaml = minimalWithRoutes(route("    auth: none"));

    dir.onlyProblem(yaml, lineOf(yaml, "- path"), "routes[0].backend", "required key is missing");
  }

  @Test
  void loadWhenBackendsEmptyThenAtLeastOne() {
    String yaml = minimalWithRoutes(route("    backends: []"));

    dir.onlyProblem(yaml, lineOf(yaml, "backends:"), "routes[0].backends", "at least one");
  }

  @Test
  void loadWhenBackendsDifferInPathThenNamesTheOddOne() {
    String yaml =
        minimalWithRoutes(
            route(
                "    backends:",
                "      - http://10.0.0.1:8080/app",
                "      - http://10.0.0.2:8080/other"));

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "/other"),
        "routes[0].backends[1]",
        "scheme and path of backends[0] (http, path '/app'), got backends[1]"
            + " http://10.0.0.2:8080/other");
  }

  @Test
  void loadWhenBackendListedTwiceThenRepeats() {
    String yaml =
        minimalWithRoutes(route("    backends: [http://10.0.0.1:8080, http://10.0.0.1:8080]"));

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "backends:"),
        "routes[0].backends[1]",
        "http://10.0.0.1:8080 repeats backends[0]");
  }

  @Test
  void loadWhenOneBackendOfTheListIsNoHttpUrlThenItsIndexAndLine() {
    String yaml =
        minimalWithRoutes(
            route("    backends:", "      - http://10.0.0.1:8080", "      - ftp://10.0.0.2:21"));

    dir.onlyProblem(
        yaml, lineOf(yaml, "ftp:"), "routes[0].backends[1]", "expected an http:// backend URL");
  }

  @Test
  void loadWhenUpgradeOnSeveralBackendsThenAcceptedLikeOnOneBackend() throws ConfigException {
    String several =
        minimalWithRoutes(
            route(
                "    backends: [http://10.0.0.1:8080, http://10.0.0.2:8080]",
                "    upgrade: websocket"));
    String one =
        minimalWithRoutes(route("    backends: [http://10.0.0.1:8080]", "    upgrade: websocket"));

    RouteConfig route = dir.load(several).routes().get(0);
    assertThat(route.upgrade()).containsExactly("websocket");
    assertThat(route.backends()).hasSize(2);
    assertThat(dir.load(one).routes().get(0).upgrade()).containsExactly("websocket");
  }

  @Test
  void loadWhenRouteSetsItsOwnLimitsThenReadAndOnlyThoseReplaceTheGlobalOnes()
      throws ConfigException {
    String yaml =
        minimalWithRoutes(
            "proxy: {backendTimeout: 30s, stallTimeout: 60s, maxRequestBody: 10MiB}\n"
                + route(
                    "    backend: http://10.0.0.1:8080",
                    "    backendTimeout: 2s",
                    "    connectTimeout: 250ms",
                    "    maxBodySize: 1KiB"));

    SpConfig config = dir.load(yaml);
    ProxyOverrides own = config.routes().get(0).proxyLimits();

    assertThat(own)
        .isEqualTo(new ProxyOverrides(Duration.ofSeconds(2), null, Duration.ofMillis(250), 1024L));
    ProxyConfig applied = own.applyTo(config.proxy());
    assertThat(applied.backendTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(applied.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(applied.maxRequestBodyBytes()).isEqualTo(1024L);
    assertThat(applied.stallTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(applied.connectionsPerBackend()).isEqualTo(config.proxy().connectionsPerBackend());
  }

  @Test
  void loadWhenRouteStallTimeoutSetThenRead() throws ConfigException {
    String yaml =
        minimalWithRoutes(route("    backend: http://10.0.0.1:8080", "    stallTimeout: 5s"));

    assertThat(dir.load(yaml).routes().get(0).proxyLimits())
        .isEqualTo(new ProxyOverrides(null, Duration.ofSeconds(5), null, null));
  }

  @Test
  void loadWhenRouteBackendTimeoutBelowOneSecondThenLineAndKey() {
    String yaml =
        minimalWithRoutes(route("    backend: http://10.0.0.1:8080", "    backendTimeout: 500ms"));

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "backendTimeout"),
        "routes[0].backendTimeout",
        "expected a duration from 1s");
  }

  @Test
  void loadWhenRouteStallTimeoutIsABareNumberThenLineAndKey() {
    String yaml =
        minimalWithRoutes(route("    backend: http://10.0.0.1:8080", "    stallTimeout: 20"));

    dir.onlyProblem(yaml, lineOf(yaml, "stallTimeout"), "routes[0].stallTimeout", "duration");
  }

  @Test
  void loadWhenRouteConnectTimeoutBelowOneHundredMillisecondsThenLineAndKey() {
    String yaml =
        minimalWithRoutes(route("    backend: http://10.0.0.1:8080", "    connectTimeout: 10ms"));

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "connectTimeout"),
        "routes[0].connectTimeout",
        "expected a duration from 100ms");
  }

  @Test
  void loadWhenRouteMaxBodySizeIsNoSizeThenLineAndKey() {
    String yaml =
        minimalWithRoutes(route("    backend: http://10.0.0.1:8080", "    maxBodySize: big"));

    List<ConfigProblem> problems = dir.problems(yaml);
    assertThat(problems).hasSize(1);
    dir.assertProblem(
        problems.get(0), lineOf(yaml, "maxBodySize"), "routes[0].maxBodySize", "size");
  }
}
