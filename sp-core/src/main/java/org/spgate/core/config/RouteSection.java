package org.spgate.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code routes} list into {@link RouteConfig}s, refusing duplicate host and path pairs.
 */
final class RouteSection {

  private static final ValueType<AuthMode> AUTH = ValueType.oneOf(authModes());

  private static final ValueType<String> IDENTITY = ValueType.oneOf(identities());

  private static final Pattern HOST_NAME =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  /** A host name in ASCII (A-labels for internationalised names), or {@code *.} and a name. */
  private static final ValueType<String> HOST =
      new ValueType<>(
          "a host name like app.example.org or *.example.org",
          text -> {
            String host = text.toLowerCase(Locale.ROOT);
            if (!HOST_NAME.matcher(host).matches()) {
              throw new IllegalArgumentException(
                  "expected a host name like app.example.org or *.example.org (ASCII, no port),"
                      + " got "
                      + ValueType.quote(text));
            }
            return host;
          });

  private RouteSection() {}

  /**
   * The routes in file order; at least one is required. A route's {@code headers} block takes its
   * missing keys from {@code headers}, the section's budget.
   */
  static List<RouteConfig> read(
      YamlMapping root, String handlerPath, AccessConfig access, HeaderConfig headers) {
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
              List<URI> backends = RouteBackendsSection.read(route);
              ProxyOverrides proxyLimits = RouteBackendsSection.overrides(route);
              AuthMode auth = route.get("auth", AUTH, AuthMode.REQUIRED);
              List<String> upgrade = upgrades(route);
              String host = route.optional("host", HOST);
              boolean strip = route.get("stripPrefix", ValueType.BOOLEAN, false);
              AuthMode clientCert = route.get("clientCert", AUTH, AuthMode.NONE);
              boolean certificateIdentity = certificateIdentity(route, clientCert, auth);
              if (path != null) {
                checkPath(route, path, handlerPath, firstLine, host);
              }
              RouteAccess rule = RouteAccess.read(route, auth, access);
              YamlMapping block = route.node("headers") == null ? null : route.mapping("headers");
              RouteHeaderProfile profile = RouteHeaderProfile.read(block, headers.profiles());
              HeaderBudget budget = headerBudget(block, headers.budget());
              return path == null || backends == null || rule == null || profile == null
                  ? null
                  : new RouteConfig(
                      path,
                      backends.get(0),
                      auth,
                      host,
                      strip,
                      rule.name(),
                      rule.rule(),
                      upgrade,
                      clientCert,
                      backends,
                      proxyLimits,
                      budget,
                      certificateIdentity,
                      profile.profile());
            });
    if (YamlNodes.isEmptyList(node)) {
      root.problem("routes", "expected at least one route, got none");
    }
    return routes;
  }

  /**
   * The budget of the route's {@code headers} block, or null when it has none or the block only
   * names a profile (read before by {@link RouteHeaderProfile}).
   */
  private static @Nullable HeaderBudget headerBudget(
      @Nullable YamlMapping block, HeaderBudget headers) {
    if (block == null) {
      return null;
    }
    boolean own =
        block.node("maxHeaderSize") != null
            || block.node("maxTotalSize") != null
            || block.node("onOverflow") != null;
    HeaderBudget budget = HeaderBudgets.read(block, headers);
    block.finish();
    return own ? budget : null;
  }

  /**
   * {@code identity: certificate}: a verified client certificate is a user, so the route must ask
   * for one; {@code identity: session} (the default): only a SAML session is.
   */
  private static boolean certificateIdentity(
      YamlMapping route, AuthMode clientCert, AuthMode auth) {
    String identity = route.get("identity", IDENTITY, "session");
    boolean certificate = identity.equals("certificate");
    if (certificate && clientCert == AuthMode.NONE) {
      route.problem(
          "identity",
          "identity: certificate needs clientCert: optional or required on the route, so that the"
              + " client is asked for a certificate");
    }
    if (certificate && auth == AuthMode.NONE) {
      route.problem(
          "identity",
          "identity: certificate needs auth: required or optional; auth: none sends no identity");
    }
    return certificate;
  }

  /** The protocols clients may switch to on this route; each listed once. */
  private static List<String> upgrades(YamlMapping route) {
    List<String> listed = route.list("upgrade", UpgradeProtocols.TYPE, List.of(), true);
    Set<String> seen = new HashSet<>();
    for (String protocol : listed) {
      if (!seen.add(protocol)) {
        route.problem("upgrade", "protocol " + protocol + " is listed twice");
      }
    }
    return List.copyOf(seen.size() == listed.size() ? listed : new ArrayList<>(seen));
  }

  private static void checkPath(
      YamlMapping route,
      String path,
      String handlerPath,
      Map<String, Integer> firstLine,
      @Nullable String host) {
    int line = route.lineOf("path");
    String key = (host == null ? "" : host) + path;
    Integer first = firstLine.putIfAbsent(key, line);
    if (first != null) {
      route.problem(
          "path",
          "duplicate route path "
              + path
              + (host == null ? "" : " for host " + host)
              + "; already routed on line "
              + first);
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

  private static Map<String, String> identities() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("session", "session");
    values.put("certificate", "certificate");
    return values;
  }

  private static Map<String, AuthMode> authModes() {
    Map<String, AuthMode> values = new LinkedHashMap<>();
    values.put("required", AuthMode.REQUIRED);
    values.put("optional", AuthMode.OPTIONAL);
    values.put("none", AuthMode.NONE);
    return values;
  }
}
