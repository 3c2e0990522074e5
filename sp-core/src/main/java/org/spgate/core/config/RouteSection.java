package org.spgate.core.config;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code routes} list into {@link RouteConfig}s, refusing duplicate paths. */
final class RouteSection {

  private static final ValueType<AuthMode> AUTH = ValueType.oneOf(authModes());

  private RouteSection() {}

  /** The routes in file order; at least one is required. */
  static List<RouteConfig> read(YamlMapping root, String handlerPath) {
    Node node = root.node("routes");
    if (node == null) {
      root.problem("routes", "required key is missing; expected a list of {path, backend} routes");
      return List.of();
    }
    Map<String, Integer> firstLine = new HashMap<>();
    List<RouteConfig> routes =
        root.mappings(
            "routes",
            route -> {
              String path = route.required("path", UrlPaths.ROUTE);
              URI backend = route.required("backend", Urls.BACKEND);
              AuthMode auth = route.get("auth", AUTH, AuthMode.REQUIRED);
              AuthMode clientCert = route.get("clientCert", AUTH, AuthMode.NONE);
              if (path != null) {
                checkPath(route, path, handlerPath, firstLine);
              }
              return path == null || backend == null
                  ? null
                  : new RouteConfig(path, backend, auth, clientCert);
            });
    if (YamlNodes.isEmptyList(node)) {
      root.problem("routes", "expected at least one route, got none");
    }
    return routes;
  }

  private static void checkPath(
      YamlMapping route, String path, String handlerPath, Map<String, Integer> firstLine) {
    int line = route.lineOf("path");
    Integer first = firstLine.putIfAbsent(path, line);
    if (first != null) {
      route.problem("path", "duplicate route path " + path + "; already routed on line " + first);
    }
    if (!path.equals("/") && UrlPaths.isWithin(path, handlerPath)) {
      route.problem(
          "path",
          "route "
              + path
              + " is inside handlerPath "
              + handlerPath
              + ", whose SP endpoints always take precedence");
    }
  }

  private static Map<String, AuthMode> authModes() {
    Map<String, AuthMode> values = new LinkedHashMap<>();
    values.put("required", AuthMode.REQUIRED);
    values.put("optional", AuthMode.OPTIONAL);
    values.put("none", AuthMode.NONE);
    return values;
  }
}
