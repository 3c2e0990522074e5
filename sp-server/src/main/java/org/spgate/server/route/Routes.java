package org.spgate.server.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;

/**
 * Picks the route of a normalised path: the longest prefix that matches at a segment boundary
 * ({@code /login} covers {@code /login} and {@code /login/x}, not {@code /loginx}).
 *
 * <p>Protection fails closed against case tricks: the backend is chosen by the exact-case match,
 * but the protection applied is the strictest of that route and of the route a case-insensitive
 * match would pick — so {@code /LOGIN} is as protected as {@code /login} even if the backend routes
 * case-insensitively.
 */
public final class Routes<T> {

  /** A route and what serves it. */
  public record Route<T>(RouteConfig config, T handler) {}

  /**
   * The outcome: where the request goes and which protection applies; {@code auth} and {@code
   * clientCert} are the strictest of any route a case variant could mean.
   */
  public record Match<T>(Route<T> route, AuthMode auth, AuthMode clientCert) {}

  private final List<Route<T>> routes;
  private final List<String> foldedPrefixes;
  private final boolean anyUpperCase;

  public Routes(List<Route<T>> routes) {
    List<Route<T>> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route<T> r) -> r.config().path().length()).reversed());
    this.routes = List.copyOf(sorted);
    this.foldedPrefixes =
        this.routes.stream().map(r -> r.config().path().toLowerCase(Locale.ROOT)).toList();
    this.anyUpperCase = this.routes.stream().anyMatch(r -> hasUpperCase(r.config().path()));
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c)) {
        return true;
      }
    }
    return false;
  }

  /** The match for {@code path}, or {@code null} when no route covers it. */
  public @Nullable Match<T> match(String path) {
    Route<T> exact = find(path, false);
    // Most paths and prefixes are lower case already: then the folded match is the exact one.
    Route<T> folded = anyUpperCase || hasUpperCase(path) ? find(path, true) : exact;
    if (exact == null && folded == null) {
      return null;
    }
    Route<T> chosen = exact != null ? exact : folded;
    AuthMode auth =
        strictest(chosen.config().auth(), folded == null ? AuthMode.NONE : folded.config().auth());
    AuthMode clientCert =
        strictest(
            chosen.config().clientCert(),
            folded == null ? AuthMode.NONE : folded.config().clientCert());
    return new Match<>(chosen, auth, clientCert);
  }

  private @Nullable Route<T> find(String path, boolean ignoreCase) {
    String p = ignoreCase ? path.toLowerCase(Locale.ROOT) : path;
    for (int i = 0; i < routes.size(); i++) {
      Route<T> route = routes.get(i);
      String prefix = ignoreCase ? foldedPrefixes.get(i) : route.config().path();
      if (covers(prefix, p)) {
        return route;
      }
    }
    return null;
  }

  static boolean covers(String prefix, String path) {
    if (prefix.equals("/")) {
      return true;
    }
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  private static AuthMode strictest(AuthMode a, AuthMode b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
