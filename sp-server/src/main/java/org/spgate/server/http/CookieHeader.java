package org.spgate.server.http;

import io.undertow.util.HeaderValues;
import org.jspecify.annotations.Nullable;

/**
 * Finds one cookie in the request's {@code Cookie} headers without parsing all of them. Undertow's
 * {@code getRequestCookie} builds a sorted map of every cookie with a regular expression per
 * request; the proxy path needs only spgate's own. Pairs are split on {@code ;} and trimmed, the
 * same rule {@code RequestCleaner} uses to strip the cookie, so what is read is what is removed.
 */
public final class CookieHeader {

  private CookieHeader() {}

  /**
   * The value of the first cookie named {@code name} (surrounding double quotes removed), or {@code
   * null} when no {@code Cookie} header has one.
   */
  public static @Nullable String firstValue(@Nullable HeaderValues headers, String name) {
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      int at = 0;
      while (at <= header.length()) {
        int end = header.indexOf(';', at);
        if (end < 0) {
          end = header.length();
        }
        String value = valueIfNamed(header, at, end, name);
        if (value != null) {
          return value;
        }
        at = end + 1;
      }
    }
    return null;
  }

  private static @Nullable String valueIfNamed(String header, int start, int end, String name) {
    int from = skipSpace(header, start, end);
    int eq = header.indexOf('=', from);
    if (eq < 0 || eq >= end) {
      return null;
    }
    int nameEnd = eq;
    while (nameEnd > from && isSpace(header.charAt(nameEnd - 1))) {
      nameEnd--;
    }
    if (nameEnd - from != name.length() || !header.regionMatches(from, name, 0, name.length())) {
      return null;
    }
    int valueStart = skipSpace(header, eq + 1, end);
    int valueEnd = end;
    while (valueEnd > valueStart && isSpace(header.charAt(valueEnd - 1))) {
      valueEnd--;
    }
    if (valueEnd - valueStart >= 2
        && header.charAt(valueStart) == '"'
        && header.charAt(valueEnd - 1) == '"') {
      valueStart++;
      valueEnd--;
    }
    return header.substring(valueStart, valueEnd);
  }

  private static int skipSpace(String s, int from, int end) {
    while (from < end && isSpace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
