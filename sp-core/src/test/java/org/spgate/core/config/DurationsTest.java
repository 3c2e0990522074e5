package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Duration parsing, and the duration ranges as the loader applies them. */
class DurationsTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "0s, PT0S",
    "180s, PT3M",
    "5m, PT5M",
    "8h, PT8H",
    "1d, PT24H",
    "PT5M, PT5M",
    "PT1H30M, PT1H30M",
    "P1D, PT24H"
  })
  void parseWhenShortOrIsoFormThenGivesTheDuration(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"180", "5 m", "5M", "1.5h", "-5s", "PT-5M", "-PT5M", "5min", "", "P"})
  void parseWhenUnitIsMissingOrValueIsNegativeThenRefused(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessageContaining("expected a duration like 250ms, 180s, 5m, 8h, 1d or PT5M");
  }

  @Test
  void formatWhenDivisibleThenUsesLargestUnit() {
    assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "1h", "3600s", "PT1H"})
  void loadWhenClockSkewIsAtEitherEndOfTheRangeThenAccepted(String skew) throws ConfigException {
    TestConfigDir dir = new TestConfigDir(tmp);

    assertThat(dir.load(minimalWith("security:\n  clockSkew: " + skew)).security().clockSkew())
        .isBetween(Duration.ZERO, Duration.ofHours(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"3601s", "3600001ms", "PT1H0.001S"})
  void loadWhenClockSkewIsJustAboveTheRangeThenRefused(String skew) {
    TestConfigDir dir = new TestConfigDir(tmp);
    String yaml = minimalWith("security:\n  clockSkew: " + skew);

    dir.onlyProblem(
        yaml, lineOf(yaml, "clockSkew"), "security.clockSkew", "expected a duration from 0s to 1h");
  }

  @Test
  void loadWhenSessionLifetimeIsJustBelowOneMinuteThenRefused() throws ConfigException {
    TestConfigDir dir = new TestConfigDir(tmp);
    String yaml = minimalWith("sessions:\n  lifetime: 59s\n  timeout: 59s");

    assertThat(dir.problems(yaml))
        .extracting(ConfigProblem::key)
        .containsExactly("sessions.lifetime", "sessions.timeout");
    assertThat(
            dir.load(minimalWith("sessions:\n  lifetime: 60s\n  timeout: 1m"))
                .sessions()
                .lifetime())
        .isEqualTo(Duration.ofMinutes(1));
  }
}
