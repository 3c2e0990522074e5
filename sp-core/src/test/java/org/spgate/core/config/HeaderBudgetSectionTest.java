package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWithRoutes;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headers.maxHeaderSize}, {@code maxTotalSize} and {@code onOverflow}, and a route's own
 * {@code headers} block that takes what it lacks from them.
 */
class HeaderBudgetSectionTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  private static String config(String headers, String... routes) {
    return minimalWithRoutes(
        headers
            + "\nroutes:\n"
            + String.join("\n", routes)
            + (routes.length == 0 ? "  - {path: /, backend: http://127.0.0.1:8081}" : ""));
  }

  @Test
  void loadWhenNoBudgetKeysThenRefuseOver256KibWithNoPerHeaderLimitOfItsOwn() throws Exception {
    SpConfig config = dir.load(config(""));
    assertThat(config.headers().budget())
        .isEqualTo(new HeaderBudget(256 * 1024, 256 * 1024, HeaderOverflow.REFUSE));
    assertThat(config.routes().get(0).headerBudget()).isNull();
  }

  @Test
  void loadWhenSectionSetsAllThreeThenRead() throws Exception {
    SpConfig config =
        dir.load(config("headers: {maxHeaderSize: 8190, maxTotalSize: 64KiB, onOverflow: drop}"));
    assertThat(config.headers().budget())
        .isEqualTo(new HeaderBudget(8190, 64 * 1024, HeaderOverflow.DROP));
  }

  @Test
  void loadWhenRouteHasHeadersBlockThenMissingKeysComeFromTheSection() throws Exception {
    SpConfig config =
        dir.load(
            config(
                "headers: {maxHeaderSize: 8190, maxTotalSize: 64KiB}",
                "  - {path: /, backend: http://127.0.0.1:8081}",
                "  - path: /py",
                "    backend: http://127.0.0.1:8082",
                "    headers: {onOverflow: truncate}",
                "  - path: /big",
                "    backend: http://127.0.0.1:8083",
                "    headers: {maxHeaderSize: 48KiB, onOverflow: drop}"));
    List<RouteConfig> routes = config.routes();
    assertThat(routes.get(0).headerBudget()).isNull();
    assertThat(routes.get(1).headerBudget())
        .isEqualTo(new HeaderBudget(8190, 64 * 1024, HeaderOverflow.TRUNCATE));
    assertThat(routes.get(2).headerBudget())
        .isEqualTo(new HeaderBudget(48 * 1024, 64 * 1024, HeaderOverflow.DROP));
  }

  @Test
  void loadWhenRouteRaisesTheTotalAndSectionHasNoPerHeaderLimitThenOneHeaderMayTakeIt()
      throws Exception {
    SpConfig config =
        dir.load(
            config(
                "",
                "  - path: /",
                "    backend: http://127.0.0.1:8081",
                "    headers: {maxTotalSize: 1MiB}"));
    assertThat(config.routes().get(0).headerBudget())
        .isEqualTo(new HeaderBudget(1024 * 1024, 1024 * 1024, HeaderOverflow.REFUSE));
  }

  @Test
  void loadWhenOnOverflowIsUnknownThenProblemNamesTheRouteKeyAndTheChoices() {
    String yaml =
        config(
            "",
            "  - path: /",
            "    backend: http://127.0.0.1:8081",
            "    headers: {onOverflow: cut}");
    dir.onlyProblem(
        yaml, lineOf(yaml, "onOverflow"), "routes[0].headers.onOverflow", "refuse, drop");
  }

  @Test
  void loadWhenMaxHeaderSizeExceedsMaxTotalSizeThenProblem() {
    String yaml = config("headers:\n  maxHeaderSize: 64KiB\n  maxTotalSize: 32KiB");
    dir.onlyProblem(
        yaml,
        lineOf(yaml, "maxHeaderSize"),
        "headers.maxHeaderSize",
        "expected at most maxTotalSize (32KiB)");
  }

  @Test
  void loadWhenMaxHeaderSizeEqualsMaxTotalSizeThenAccepted() throws Exception {
    SpConfig config = dir.load(config("headers: {maxHeaderSize: 32KiB, maxTotalSize: 32KiB}"));
    assertThat(config.headers().budget().maxHeaderBytes()).isEqualTo(32 * 1024);
  }

  @Test
  void loadWhenRouteHeadersBlockHasAnotherSectionKeyThenUnknownKey() {
    String yaml =
        config(
            "", "  - path: /", "    backend: http://127.0.0.1:8081", "    headers: {prefix: X-}");
    dir.onlyProblem(yaml, lineOf(yaml, "prefix"), "routes[0].headers.prefix", "unknown key");
  }

  @Test
  void loadWhenMaxHeaderSizeIsBelowOneKibThenProblem() {
    String yaml = config("headers: {maxHeaderSize: 512}");
    dir.onlyProblem(yaml, lineOf(yaml, "maxHeaderSize"), "headers.maxHeaderSize", "1KiB");
  }
}
