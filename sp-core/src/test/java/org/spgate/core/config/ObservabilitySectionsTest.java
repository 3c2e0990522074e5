package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics} and {@code logging} sections: defaults, values and checks. */
class ObservabilitySectionsTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenSectionsAbsentThenMetricsOffAndAutoLogs() throws ConfigException {
    SpConfig config = dir.load(minimalWith(""));

    assertThat(config.metrics().enabled()).isFalse();
    assertThat(config.logging()).isEqualTo(LoggingConfig.DEFAULTS);
  }

  @Test
  void loadWhenEveryKeySetThenRead() throws ConfigException {
    SpConfig config =
        dir.load(
            minimalWith(
                "metrics: {listen: \"127.0.0.1:9464\"}\n"
                    + "logging: {format: json, accessLog: true, attributeValues: true}\n"));

    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().listen().getPort()).isEqualTo(9464);
    assertThat(config.logging())
        .isEqualTo(new LoggingConfig(LoggingConfig.Format.JSON, true, true));
  }

  @Test
  void loadWhenMetricsShareTheMainPortThenLineAndKey() {
    String yaml = minimalWith("listen: 127.0.0.1:8443\nmetrics:\n  listen: 127.0.0.1:8443\n");

    dir.onlyProblem(yaml, lineOf(yaml, "  listen"), "metrics.listen", "port of its own");
  }

  @Test
  void loadWhenLogFormatIsMisspeltThenListsTheSpellings() {
    String yaml = minimalWith("logging:\n  format: yaml\n");

    dir.onlyProblem(yaml, lineOf(yaml, "format"), "logging.format", "auto, json, text");
  }
}
