package org.spgate.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads where a route forwards to: {@code backend} (one URL) or {@code backends} (several, served
 * in turn), and the route's own proxy limits ({@link ProxyOverrides}).
 *
 * <p>The backends of one route must differ only in host and port: the request target the backend
 * sees ({@code stripPrefix}, the URL's path) must not depend on which backend serves it.
 */
final class RouteBackendsSection {

  /** The most backends one route may list. */
  static final int MAX_BACKENDS = 64;

  private RouteBackendsSection() {}

  /** The route's backends, the first being {@code backend}; null (and reported) when wrong. */
  static @Nullable List<URI> read(YamlMapping route) {
    boolean single = route.node("backend") != null;
    boolean several = route.node("backends") != null;
    if (single && several) {
      route.problem(
          "backends",
          "backend and backends are mutually exclusive: expected one backend URL or a list of"
              + " backends, got both");
      return null;
    }
    if (!several) {
      URI backend = route.required("backend", Urls.BACKEND);
      return backend == null ? null : List.of(backend);
    }
    List<URI> backends = route.list("backends", Urls.BACKEND, List.of(), false);
    if (backends.isEmpty()) {
      route.problem("backends", "expected a list of at least one backend URL, got none");
      return null;
    }
    if (backends.size() > MAX_BACKENDS) {
      route.problem(
          "backends", "expected at most " + MAX_BACKENDS + " backends, got " + backends.size());
      return null;
    }
    return alike(route, backends) ? List.copyOf(backends) : null;
  }

  /** Whether every backend has the first one's scheme and path and is listed once. */
  private static boolean alike(YamlMapping route, List<URI> backends) {
    URI first = backends.get(0);
    Map<String, Integer> seen = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < backends.size(); i++) {
      URI b = backends.get(i);
      Integer twice = seen.putIfAbsent(b.getHost() + ":" + b.getPort(), i);
      if (twice != null) {
        route.problem(
            lineOf(route, i), "backends[" + i + "]", b + " repeats backends[" + twice + "]");
        ok = false;
      }
      if (!Objects.equals(path(b), path(first)) || !b.getScheme().equals(first.getScheme())) {
        route.problem(
            lineOf(route, i),
            "backends[" + i + "]",
            "expected every backend with the scheme and path of backends[0] ("
                + first.getScheme()
                + ", path '"
                + path(first)
                + "'), got backends["
                + i
                + "] "
                + b);
        ok = false;
      }
    }
    return ok;
  }

  /** The line of the {@code i}th item of {@code backends} (a list: {@link #read} checked it). */
  private static int lineOf(YamlMapping route, int i) {
    Node list = route.node("backends");
    return list instanceof SequenceNode seq && i < seq.getValue().size()
        ? YamlNodes.line(seq.getValue().get(i))
        : route.lineOf("backends");
  }

  private static String path(URI uri) {
    return uri.getRawPath() == null ? "" : uri.getRawPath();
  }

  /** The route's {@code backendTimeout}, {@code stallTimeout}, {@code connectTimeout}, … */
  static ProxyOverrides overrides(YamlMapping route) {
    // The same bounds as in the proxy section.
    Duration backendTimeout =
        route.optional("backendTimeout", Durations.type(Duration.ofSeconds(1), Duration.ofDays(1)));
    Duration stallTimeout =
        route.optional("stallTimeout", Durations.type(Duration.ofSeconds(1), Duration.ofDays(1)));
    Duration connectTimeout =
        route.optional(
            "connectTimeout", Durations.type(Duration.ofMillis(100), Duration.ofMinutes(10)));
    Long maxBodySize = route.optional("maxBodySize", Sizes.type(0, 1024 * Sizes.GIB));
    return new ProxyOverrides(backendTimeout, stallTimeout, connectTimeout, maxBodySize);
  }
}
