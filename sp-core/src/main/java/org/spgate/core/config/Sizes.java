package org.spgate.core.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as written in the configuration: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code
 * 64KB}.
 *
 * <p>Binary units (KiB, MiB, GiB) are powers of 1024, decimal units (KB, MB, GB) powers of 1000; a
 * bare integer or {@code B} is bytes. Units are case-sensitive because {@code mb} (millibit) and
 * {@code Mb} (megabit) mean other things. Fractions are refused: {@code 1.5MiB} would hide
 * rounding.
 */
final class Sizes {

  static final long KIB = 1024;
  static final long MIB = 1024 * KIB;
  static final long GIB = 1024 * MIB;

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19}) ?(B|KiB|MiB|GiB|KB|MB|GB)?");
  private static final String EXAMPLE = "a size like 4096, 512KiB, 1MiB or 64KB";

  private Sizes() {}

  /** Parses a size to bytes, or throws {@link IllegalArgumentException} explaining why not. */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected "
              + EXAMPLE
              + " (units B, KiB, MiB, GiB, KB, MB, GB), got "
              + ValueType.quote(text));
    }
    String unit = m.group(2) == null ? "B" : m.group(2);
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier(unit));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("size " + ValueType.quote(text) + " is too large");
    }
  }

  /** The value type of a size in {@code [min, max]} bytes. */
  static ValueType<Long> type(long min, long max) {
    String expected = "a size from " + format(min) + " to " + format(max) + ", like 1MiB";
    return new ValueType<>(
        "a size like 512KiB or 1MiB",
        text -> {
          long bytes = parse(text);
          if (bytes < min || bytes > max) {
            throw new IllegalArgumentException(
                "expected " + expected + ", got " + ValueType.quote(text));
          }
          return bytes;
        });
  }

  /** A size in the largest binary unit that divides it, e.g. {@code 16MiB}, {@code 4097B}. */
  static String format(long bytes) {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    } else if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    } else if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return bytes + "B";
  }

  private static long multiplier(String unit) {
    switch (unit) {
      case "KiB":
        return KIB;
      case "MiB":
        return MIB;
      case "GiB":
        return GIB;
      case "KB":
        return 1000L;
      case "MB":
        return 1000L * 1000;
      case "GB":
        return 1000L * 1000 * 1000;
      default:
        return 1;
    }
  }
}
