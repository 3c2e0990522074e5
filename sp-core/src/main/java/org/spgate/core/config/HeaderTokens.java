package org.spgate.core.config;

import java.util.regex.Pattern;

/** HTTP tokens (RFC 9110 section 5.6.2): the characters allowed in header and cookie names. */
final class HeaderTokens {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]*");

  /** A non-empty token, e.g. a header name. */
  static final ValueType<String> NAME = type(false);

  /** A token that may be empty, e.g. a header prefix. */
  static final ValueType<String> PREFIX = type(true);

  private HeaderTokens() {}

  private static ValueType<String> type(boolean emptyAllowed) {
    String expected = "a header name (letters, digits and !#$%&'*+-.^_`|~)";
    return new ValueType<>(
        expected,
        text -> {
          if ((text.isEmpty() && !emptyAllowed) || !TOKEN.matcher(text).matches()) {
            throw new IllegalArgumentException(
                "expected " + expected + ", got " + ValueType.quote(text));
          }
          return text;
        });
  }
}
