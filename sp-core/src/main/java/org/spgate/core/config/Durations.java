package org.spgate.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the configuration: {@code 250ms}, {@code 180s}, {@code 5m}, {@code 8h},
 * {@code 1d}, or ISO-8601 such as {@code PT5M}.
 *
 * <p>A bare number is refused: whether {@code 300} means seconds or milliseconds is exactly the
 * kind of guess that makes a session live 1000 times longer than intended.
 */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");
  private static final String EXAMPLE = "a duration like 250ms, 180s, 5m, 8h, 1d or PT5M";

  private Durations() {}

  /** Parses a duration, or throws {@link IllegalArgumentException} explaining why not. */
  static Duration parse(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    if (text.startsWith("P")) {
      try {
        Duration d = Duration.parse(text);
        if (!d.isNegative()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // falls through to the common message
      }
    }
    throw new IllegalArgumentException("expected " + EXAMPLE + ", got " + ValueType.quote(text));
  }

  /** The value type of a duration in {@code [min, max]}. */
  static ValueType<Duration> type(Duration min, Duration max) {
    return new ValueType<>(
        "a duration like 180s",
        text -> {
          Duration d = parse(text);
          if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                "expected a duration from "
                    + format(min)
                    + " to "
                    + format(max)
                    + ", got "
                    + ValueType.quote(text));
          }
          return d;
        });
  }

  /** A duration in the largest short unit that divides it, e.g. {@code 8h}, {@code 250ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    } else if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    } else if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
