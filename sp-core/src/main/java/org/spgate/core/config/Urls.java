package org.spgate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Absolute URLs in the configuration: origins ({@code publicUrl}, the redirect allow-list) and
 * backends.
 *
 * <p>Origins are normalised to lower-case scheme and host so that comparing them with a request's
 * origin is a plain string comparison. User info is always refused: {@code
 * https://good.example@evil.example} is the classic way to make a URL look like another.
 */
final class Urls {

  /** {@code http(s)://host[:port]}, nothing else; a single trailing '/' is dropped. */
  static final ValueType<URI> ORIGIN =
      new ValueType<>("an origin like https://sp.example.org", Urls::origin);

  /** {@code http://host[:port][/path]}. */
  static final ValueType<URI> BACKEND =
      new ValueType<>("a backend URL like http://127.0.0.1:8081", Urls::backend);

  private Urls() {}

  private static URI origin(String text) {
    URI uri = absolute(text, "an origin like https://sp.example.org");
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "expected an http or https origin, got scheme " + ValueType.quote(uri.getScheme()));
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException(
          "expected scheme://host[:port] with no path, got "
              + ValueType.quote(text)
              + "; spgate must own the whole origin (use routes to map paths)");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return URI.create(scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
  }

  private static URI backend(String text) {
    URI uri = absolute(text, "a backend URL like http://127.0.0.1:8081");
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      throw new IllegalArgumentException(
          "https backends are not supported yet; use http:// to a backend on this host or a"
              + " private network, got "
              + ValueType.quote(text));
    } else if (!scheme.equals("http")) {
      throw new IllegalArgumentException(
          "expected an http:// backend URL, got scheme " + ValueType.quote(uri.getScheme()));
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty()) {
      String problem = UrlPaths.problem(path, true);
      if (problem != null) {
        throw new IllegalArgumentException(
            "backend path " + problem + ", got " + ValueType.quote(text));
      }
    }
    return uri;
  }

  /** Parses an absolute URL with a host and no user info, query or fragment. */
  private static URI absolute(String text, String expected) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("expected " + expected + ", got " + ValueType.quote(text));
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " (scheme, host and optional port), got "
              + ValueType.quote(text));
    } else if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "user info (name@) is not allowed in " + ValueType.quote(text));
    } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "a query or fragment is not allowed in " + ValueType.quote(text));
    }
    return uri;
  }
}
