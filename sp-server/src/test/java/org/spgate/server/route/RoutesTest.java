package org.spgate.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;

/** Host, then longest path prefix; each case beside the one it must not be confused with. */
class RoutesTest {

  private static Routes.Route<String> route(String host, String path, String name) {
    return new Routes.Route<>(
        new RouteConfig(
            path,
            URI.create("http://127.0.0.1:1"),
            AuthMode.NONE,
            host,
            false,
            null,
            null,
            List.of(),
            AuthMode.NONE),
        name);
  }

  private final Routes<String> routes =
      new Routes<>(
          List.of(
              route(null, "/", "default"),
              route(null, "/app", "default-app"),
              route("a.example.org", "/", "a"),
              route("*.example.org", "/", "wild"),
              route("*.example.org", "/api", "wild-api")));

  private String pick(String host, String path) {
    Routes.Match<String> match = routes.match(host, path);
    return match == null ? null : match.route().handler();
  }

  @Test
  void exactHostWinsOverWildcardAndWildcardOverNoHost() {
    assertThat(pick("a.example.org", "/api")).isEqualTo("a");
    assertThat(pick("A.Example.ORG", "/")).isEqualTo("a");
    assertThat(pick("b.example.org", "/api/x")).isEqualTo("wild-api");
    assertThat(pick("b.example.org", "/x")).isEqualTo("wild");
    assertThat(pick("other.test", "/app/x")).isEqualTo("default-app");
  }

  @Test
  void wildcardCoversExactlyOneLabelAndNoSuffixTricks() {
    assertThat(pick("example.org", "/api")).isEqualTo("default");
    assertThat(pick("a.b.example.org", "/api")).isEqualTo("default");
    assertThat(pick("b.example.org.evil.test", "/api")).isEqualTo("default");
    assertThat(pick("bexample.org", "/api")).isEqualTo("default");
    assertThat(pick("b.example.org", "/api")).isEqualTo("wild-api");
  }

  @Test
  void aHostsRoutesNeverFallThroughToTheDefaultRoutes() {
    Routes<String> onlyHosted =
        new Routes<>(List.of(route("a.example.org", "/app", "a-app"), route(null, "/", "default")));

    assertThat(onlyHosted.match("a.example.org", "/other")).isNull();
    assertThat(onlyHosted.match("a.example.org", "/app/x").route().handler()).isEqualTo("a-app");
    assertThat(onlyHosted.match("b.example.org", "/other").route().handler()).isEqualTo("default");
  }

  @Test
  void stripPrefixCutsAsManyRawSegmentsAsThePrefixHas() {
    assertThat(RouteStage.rawPrefix("/apps/%64evel/x", "/apps/devel")).isEqualTo("/apps/%64evel");
    assertThat(RouteStage.rawPrefix("/apps/devel/", "/apps/devel")).isEqualTo("/apps/devel");
    assertThat(RouteStage.rawPrefix("/apps/devel/a/b", "/apps/devel")).isEqualTo("/apps/devel");
  }
}
