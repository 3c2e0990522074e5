package org.spgate.server.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;

/**
 * Picks the route of a request: first by host, then the longest path prefix that matches at a
 * segment boundary ({@code /login} covers {@code /login} and {@code /login/x}, not {@code
 * /loginx}).
 *
 * <p>Hosts: routes for the request's exact host are used when there are any; otherwise those of the
 * one-label wildcard ({@code *.example.org} covers {@code a.example.org}, not {@code example.org}
 * nor {@code a.b.example.org}); otherwise the routes without a host. Only that one group is
 * searched, so a path missing from a host's routes never falls through to another host's.
 *
 * <p>Protection fails closed against case tricks: the backend is chosen by the exact-case match,
 * but the protection applied is the strictest of that route and of the route a case-insensitive
 * match would pick, and both routes' access rules must be met — so {@code /ADMIN} is as protected
 * as {@code /admin} even if the backend routes case-insensitively.
 */
public final class Routes<T> {

  /** A route and what serves it. */
  public record Route<T>(RouteConfig config, T handler) {}

  /**
   * The outcome: where the request goes and which protection applies.
   *
   * @param route the route that serves the request
   * @param auth the strictest protection of the routes the path could mean
   * @param guards the routes whose access rules the user must meet: the chosen route, and the
   *     case-insensitive match when it is another route
   * @param clientCert the strictest client-certificate requirement of those routes
   */
  public record Match<T>(
      Route<T> route, AuthMode auth, List<RouteConfig> guards, AuthMode clientCert) {}

  private static final String ANY_HOST = "";

  private final Map<String, Group<T>> byHost = new LinkedHashMap<>();

  public Routes(List<Route<T>> routes) {
    Map<String, List<Route<T>>> grouped = new LinkedHashMap<>();
    for (Route<T> route : routes) {
      String host = route.config().host();
      grouped.computeIfAbsent(host == null ? ANY_HOST : host, h -> new ArrayList<>()).add(route);
    }
    grouped.forEach((host, list) -> byHost.put(host, new Group<>(list)));
  }

  /** The match for {@code path} on any host (routes with a host are not considered). */
  public @Nullable Match<T> match(String path) {
    return match(null, path);
  }

  /**
   * The match for {@code path} on {@code host} (the request's host name, without port), or {@code
   * null} when no route covers it.
   */
  public @Nullable Match<T> match(@Nullable String host, String path) {
    Group<T> group = groupOf(host);
    return group == null ? null : group.match(path);
  }

  private @Nullable Group<T> groupOf(@Nullable String host) {
    if (host != null) {
      String name = host.toLowerCase(Locale.ROOT);
      Group<T> exact = byHost.get(name);
      if (exact != null) {
        return exact;
      }
      int dot = name.indexOf('.');
      if (dot > 0) {
        Group<T> wildcard = byHost.get("*" + name.substring(dot));
        if (wildcard != null) {
          return wildcard;
        }
      }
    }
    return byHost.get(ANY_HOST);
  }

  /** The routes of one host, longest prefix first. */
  private static final class Group<T> {

    private final List<Route<T>> routes;
    private final List<String> foldedPrefixes;
    private final boolean anyUpperCase;

    Group(List<Route<T>> routes) {
      List<Route<T>> sorted = new ArrayList<>(routes);
      sorted.sort(Comparator.comparingInt((Route<T> r) -> r.config().path().length()).reversed());
      this.routes = List.copyOf(sorted);
      this.foldedPrefixes =
          this.routes.stream().map(r -> r.config().path().toLowerCase(Locale.ROOT)).toList();
      this.anyUpperCase = this.routes.stream().anyMatch(r -> hasUpperCase(r.config().path()));
    }

    @Nullable Match<T> match(String path) {
      Route<T> exact = find(path, false);
      // Most paths and prefixes are lower case already: then the folded match is the exact one.
      Route<T> folded = anyUpperCase || hasUpperCase(path) ? find(path, true) : exact;
      if (exact == null && folded == null) {
        return null;
      }
      Route<T> chosen = exact != null ? exact : folded;
      AuthMode auth =
          strictest(
              chosen.config().auth(), folded == null ? AuthMode.NONE : folded.config().auth());
      List<RouteConfig> guards =
          folded == null || folded == chosen
              ? List.of(chosen.config())
              : List.of(chosen.config(), folded.config());
      AuthMode clientCert =
          strictest(
              chosen.config().clientCert(),
              folded == null ? AuthMode.NONE : folded.config().clientCert());
      return new Match<>(chosen, auth, guards, clientCert);
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
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isUpperCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
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
