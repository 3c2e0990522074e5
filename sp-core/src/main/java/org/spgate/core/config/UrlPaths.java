package org.spgate.core.config;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * URL path prefixes in the configuration (route paths, the handler path, backend paths).
 *
 * <p>Only unreserved characters and a few sub-delimiters are allowed, and never {@code %}, {@code
 * ;}, {@code ?}, {@code #}, {@code \} or dot segments: a prefix with any of these could match
 * differently here than in the backend (percent-decoding, path parameters), which is how path-based
 * access rules are bypassed.
 */
final class UrlPaths {

  private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,=:@-]+)+");

  /** A route prefix: {@code /} or e.g. {@code /app}. */
  static final ValueType<String> ROUTE =
      new ValueType<>("a path like / or /app", text -> check(text, true));

  /** The handler path: e.g. {@code /Shibboleth.sso}, never {@code /}. */
  static final ValueType<String> HANDLER =
      new ValueType<>("a path like /Shibboleth.sso", text -> check(text, false));

  private UrlPaths() {}

  /** Why a path prefix is refused, or null when it is fine. */
  static @Nullable String problem(String path, boolean rootAllowed) {
    if (!path.startsWith("/")) {
      return "must start with '/'";
    } else if (path.equals("/")) {
      return rootAllowed ? null : "must not be '/' alone";
    } else if (path.endsWith("/")) {
      return "must not end with '/' (a prefix covers everything below it)";
    } else if (path.matches(".*[%;?#\\\\].*")) {
      return "must not contain '%', ';', '?', '#' or '\\'";
    } else if (path.contains("//")) {
      return "must not contain '//'";
    } else if (("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
      return "must not contain '.' or '..' segments";
    } else if (!SAFE.matcher(path).matches()) {
      return "must only contain letters, digits and - . _ ~ ! $ & ' ( ) * + , = : @";
    }
    return null;
  }

  private static String check(String text, boolean rootAllowed) {
    String problem = problem(text, rootAllowed);
    if (problem != null) {
      throw new IllegalArgumentException("path " + problem + ", got " + ValueType.quote(text));
    }
    return text;
  }

  /** Whether {@code path} is {@code prefix} itself or below it (segment-wise). */
  static boolean isWithin(String path, String prefix) {
    return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
