package org.spgate.server.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Decides where spgate may send a browser after login or logout ({@code target}, {@code return},
 * unsolicited RelayState): a path on spgate's own origin, or an absolute http(s) URL whose origin
 * is spgate's or on the configured allow-list. Everything else is refused, including the spellings
 * browsers read as another host: {@code //evil}, {@code /\evil}, {@code \\evil}, userinfo, {@code
 * javascript:}, control characters and whitespace, and their percent-encoded forms (checked once
 * more after one decoding).
 */
public final class RedirectPolicy {

  private final String ownOrigin;
  private final Set<String> allowedOrigins;

  public RedirectPolicy(URI publicUrl, List<URI> allowList) {
    this.ownOrigin = origin(publicUrl);
    Set<String> origins = new HashSet<>();
    origins.add(ownOrigin);
    for (URI uri : allowList) {
      origins.add(origin(uri));
    }
    this.allowedOrigins = Set.copyOf(origins);
  }

  /** The absolute URL to redirect to for {@code target}, or a rejection. */
  public String resolve(String target) throws Rejection {
    check(target, target);
    String once = URLDecoder.decode(target.replace("+", "%2B"), StandardCharsets.UTF_8);
    check(once, target);
    if (target.startsWith("/")) {
      return ownOrigin + target;
    }
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw refused(target, "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw refused(target, "is neither a path nor an http(s) URL");
    }
    if (uri.getRawUserInfo() != null || uri.getHost() == null) {
      throw refused(target, "has user info or no host");
    }
    if (!allowedOrigins.contains(origin(uri))) {
      throw refused(target, "leaves the allowed origins " + allowedOrigins);
    }
    return uri.toString();
  }

  /** Like {@link #resolve}, but falls back to the site root instead of refusing. */
  public String resolveOrRoot(String target) {
    try {
      return resolve(target);
    } catch (Rejection e) {
      return ownOrigin + "/";
    }
  }

  /** spgate's own origin. */
  public String ownOrigin() {
    return ownOrigin;
  }

  private static void check(String value, String original) throws Rejection {
    if (value.isEmpty()) {
      throw refused(original, "is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f)) {
        throw refused(original, "contains whitespace, a control character or a backslash");
      }
    }
    if (value.startsWith("//")) {
      throw refused(original, "is protocol-relative");
    }
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  private static Rejection refused(String target, String why) {
    String shown = target.length() > 200 ? target.substring(0, 200) + "..." : target;
    return new Rejection(Reason.REDIRECT_NOT_ALLOWED, "redirect target '" + shown + "' " + why);
  }
}
