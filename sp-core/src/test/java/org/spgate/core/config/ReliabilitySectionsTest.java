package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code limits}, {@code backendHealth} and {@code shutdown} sections: defaults and checks. */
class ReliabilitySectionsTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenSectionsAbsentThenSafeDefaults() throws ConfigException {
    SpConfig config = dir.load(minimalWith(""));

    assertThat(config.limits())
        .isEqualTo(new LimitsConfig(Duration.ofSeconds(20), Duration.ofSeconds(60), 10_000, 60));
    assertThat(config.backendHealth())
        .isEqualTo(
            new BackendHealthConfig(
                5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10)));
    assertThat(config.shutdown())
        .isEqualTo(new ShutdownConfig(Duration.ZERO, Duration.ofSeconds(30)));
  }

  @Test
  void loadWhenEveryKeySetThenRead() throws ConfigException {
    SpConfig config =
        dir.load(
            minimalWith(
                "limits: {requestHeadTimeout: 5s, idleTimeout: 2m, maxConnections: 500,"
                    + " loginsPerMinutePerAddress: 10}\n"
                    + "backendHealth: {failuresToMarkDown: 2, downFor: 500ms, maxDownFor: 5s,"
                    + " logInterval: 30s}\n"
                    + "shutdown: {drainDelay: 5s, timeout: 2m}\n"));

    assertThat(config.limits())
        .isEqualTo(new LimitsConfig(Duration.ofSeconds(5), Duration.ofMinutes(2), 500, 10));
    assertThat(config.backendHealth())
        .isEqualTo(
            new BackendHealthConfig(
                2, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    assertThat(config.shutdown())
        .isEqualTo(new ShutdownConfig(Duration.ofSeconds(5), Duration.ofMinutes(2)));
  }

  @Test
  void loadWhenHeadTimeoutIsABareNumberThenLineAndKey() {
    String yaml = minimalWith("limits:\n  requestHeadTimeout: 20\n");

    dir.onlyProblem(
        yaml, lineOf(yaml, "requestHeadTimeout"), "limits.requestHeadTimeout", "duration");
  }

  @Test
  void loadWhenMaxConnectionsBelowSixteenThenLineAndKey() {
    String yaml = minimalWith("limits:\n  maxConnections: 8\n");

    dir.onlyProblem(yaml, lineOf(yaml, "maxConnections"), "limits.maxConnections", "");
  }

  @Test
  void loadWhenMaxDownForShorterThanDownForThenLineAndKey() {
    String yaml = minimalWith("backendHealth:\n  downFor: 10s\n  maxDownFor: 5s\n");

    dir.onlyProblem(
        yaml, lineOf(yaml, "maxDownFor"), "backendHealth.maxDownFor", "at least downFor");
  }

  @Test
  void loadWhenShutdownTimeoutZeroThenLineAndKey() {
    String yaml = minimalWith("shutdown:\n  timeout: 0s\n");

    dir.onlyProblem(yaml, lineOf(yaml, "timeout"), "shutdown.timeout", "");
  }

  @Test
  void loadWhenUnknownKeyInLimitsThenSuggestsTheKnownOne() {
    String yaml = minimalWith("limits:\n  idleTimout: 5s\n");

    dir.onlyProblem(yaml, lineOf(yaml, "idleTimout"), "limits.idleTimout", "idleTimeout");
  }
}
