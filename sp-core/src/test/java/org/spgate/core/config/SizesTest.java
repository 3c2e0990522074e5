package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Size parsing, and the size ranges as the loader applies them. */
class SizesTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "4096, 4096",
    "4096B, 4096",
    "512KiB, 524288",
    "1MiB, 1048576",
    "1 MiB, 1048576",
    "2GiB, 2147483648",
    "64KB, 64000",
    "3MB, 3000000",
    "1GB, 1000000000"
  })
  void parseWhenUnitIsKnownThenGivesBytes(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5MiB", "1mib", "1kb", "1K", "-1", "1 TiB", "MiB", "", "1  MiB"})
  void parseWhenUnitOrNumberIsWrongThenRefused(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse(text))
        .withMessageContaining("expected a size like");
  }

  @Test
  void parseWhenProductOverflowsThenRefused() {
    assertThat(Sizes.parse("8589934591GiB")).isEqualTo(8589934591L * Sizes.GIB);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("8589934592GiB"))
        .withMessageContaining("too large");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("9999999999999999999"))
        .withMessageContaining("too large");
  }

  @Test
  void formatWhenDivisibleThenUsesLargestBinaryUnit() {
    assertThat(Sizes.format(16 * Sizes.MIB)).isEqualTo("16MiB");
    assertThat(Sizes.format(4097)).isEqualTo("4097B");
    assertThat(Sizes.format(0)).isEqualTo("0B");
  }

  @ParameterizedTest
  @CsvSource({"4KiB, 4096", "4096, 4096", "16MiB, 16777216", "16777216, 16777216"})
  void loadWhenMaxMessageSizeIsAtEitherEndOfTheRangeThenAccepted(String size, int bytes)
      throws ConfigException {
    TestConfigDir dir = new TestConfigDir(tmp);

    assertThat(
            dir.load(minimalWith("security:\n  maxMessageSize: " + size))
                .security()
                .maxMessageBytes())
        .isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4095", "16777217", "4KB"})
  void loadWhenMaxMessageSizeIsJustOutsideTheRangeThenRefused(String size) {
    TestConfigDir dir = new TestConfigDir(tmp);
    String yaml = minimalWith("security:\n  maxMessageSize: " + size);

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "maxMessageSize"),
        "security.maxMessageSize",
        "expected a size from 4KiB to 16MiB");
  }

  @Test
  void loadWhenMaxRequestBodyIsZeroThenAccepted() throws ConfigException {
    TestConfigDir dir = new TestConfigDir(tmp);

    assertThat(dir.load(minimalWith("proxy:\n  maxRequestBody: 0B")).proxy().maxRequestBodyBytes())
        .isZero();
  }
}
