package org.spgate.core.config;

import java.util.Map;
import java.util.function.Function;

/**
 * A kind of scalar value in the configuration: how to name it in a problem and how to parse it.
 *
 * @param expected what a correct value looks like, e.g. "a duration like 180s"
 * @param parser turns the scalar's text into a value, or throws {@link IllegalArgumentException}
 *     whose message is a complete description of the problem ("expected ..., got ...")
 */
record ValueType<T>(String expected, Function<String, T> parser) {

  /** Any non-empty text. */
  static final ValueType<String> TEXT =
      new ValueType<>(
          "a non-empty string",
          text -> {
            if (text.isBlank()) {
              throw new IllegalArgumentException("expected a non-empty string, got an empty one");
            }
            return text;
          });

  /** {@code true} or {@code false}, nothing else (YAML 1.1's yes/no/on/off are refused). */
  static final ValueType<Boolean> BOOLEAN =
      new ValueType<>(
          "true or false",
          text -> {
            if (text.equals("true") || text.equals("false")) {
              return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException("expected true or false, got " + quote(text));
          });

  T parse(String text) {
    return parser.apply(text);
  }

  /** A whole number in {@code [min, max]}. */
  static ValueType<Long> integer(long min, long max) {
    String expected = "a whole number from " + min + " to " + max;
    return new ValueType<>(
        expected,
        text -> {
          long value;
          try {
            value = Long.parseLong(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + expected + ", got " + quote(text));
          }
          if (value < min || value > max) {
            throw new IllegalArgumentException("expected " + expected + ", got " + value);
          }
          return value;
        });
  }

  /** One of a fixed set of spellings (case-sensitive, so that one spelling is documented). */
  static <E> ValueType<E> oneOf(Map<String, E> spellings) {
    String expected = "one of " + String.join(", ", spellings.keySet());
    return new ValueType<>(
        expected,
        text -> {
          E value = spellings.get(text);
          if (value == null) {
            throw new IllegalArgumentException("expected " + expected + ", got " + quote(text));
          }
          return value;
        });
  }

  /** The text in double quotes, shortened and with control characters made visible. */
  static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    StringBuilder out = new StringBuilder("\"");
    shown
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }
}
