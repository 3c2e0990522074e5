package org.spgate.server.shibimport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.xml.LocatedXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Translates a Shibboleth SP 3 {@code shibboleth2.xml} (and optionally Apache files) into spgate
 * YAML. The XML is read with the project's hardened parser ({@link LocatedXml}: no DOCTYPE, no
 * external entities), which also gives the line of each element for the report.
 *
 * <p>What is carried over: ApplicationDefaults entityID and REMOTE_USER; Sessions handlerURL,
 * lifetime, timeout, checkAddress and cookieProps; SSO entityID and protocols; local metadata
 * files; the attribute map; File credential resolvers; RequestMap paths; and from Apache the
 * protected Locations and ProxyPass targets. Everything else is listed as {@link Untranslated}.
 */
public final class ShibbolethImport {

  /** The backend written for a protected path whose ProxyPass was not found. */
  static final String PLACEHOLDER_BACKEND = "http://127.0.0.1:8081";

  private final Path shibbolethXml;
  private final Path baseDir;
  private final List<Untranslated> untranslated = new ArrayList<>();
  private final Map<String, String> top = new LinkedHashMap<>();
  private final Map<String, String> sessions = new LinkedHashMap<>();
  private final Map<String, String> cookie = new LinkedHashMap<>();
  private final Map<String, String> security = new LinkedHashMap<>();
  private final Map<String, String> idp = new LinkedHashMap<>();
  private final List<String> metadata = new ArrayList<>();
  private final List<String[]> credentials = new ArrayList<>();
  private final List<String> remoteUser = new ArrayList<>();
  private final Map<String, ProtectedPath> paths = new LinkedHashMap<>();
  private final RemoteSources remote;
  private final XmlAccessControl accessControl;

  private ShibbolethImport(Path shibbolethXml) {
    this.shibbolethXml = shibbolethXml.toAbsolutePath();
    Path parent = this.shibbolethXml.getParent();
    this.baseDir = parent == null ? Path.of("/") : parent;
    this.remote = new RemoteSources(baseDir, this::untranslate);
    this.accessControl = new XmlAccessControl(this::untranslate);
  }

  /** The result: the YAML text and what was left behind. */
  public record Result(String yaml, List<Untranslated> untranslated) {}

  /** Imports {@code shibbolethXml} and the Apache files. */
  public static Result run(Path shibbolethXml, List<Path> apacheFiles)
      throws ConfigException, IOException {
    ShibbolethImport importer = new ShibbolethImport(shibbolethXml);
    importer.read(LocatedXml.read(shibbolethXml));
    for (Path file : apacheFiles) {
      ApacheConfig apache = new ApacheConfig();
      apache.read(file);
      importer.untranslated.addAll(apache.untranslated());
      for (ProtectedPath path : apache.paths().values()) {
        importer.paths.merge(
            path.path(),
            path,
            (old, added) -> {
              ProtectedPath merged = old;
              if (added.backend() != null) {
                merged = merged.withBackend(added.backend());
              }
              if (added.access() != null) {
                return merged.withAccess(added.access());
              }
              return "none".equals(added.auth()) || merged.access() != null
                  ? merged
                  : merged.withAuth(added.auth());
            });
      }
    }
    return new Result(importer.yaml(), List.copyOf(importer.untranslated));
  }

  private void read(Document document) {
    Element root = document.getDocumentElement();
    String skew = root.getAttribute("clockSkew");
    if (skew.matches("\\d{1,4}") && Integer.parseInt(skew) <= 3600) {
      security.put("clockSkew", skew + "s");
    }
    for (Element child : children(root)) {
      switch (name(child)) {
        case "ApplicationDefaults" -> applicationDefaults(child);
        case "RequestMapper" -> requestMapper(child);
        case "SecurityPolicyProvider",
            "ProtocolProvider",
            "TCPListener",
            "UnixListener",
            "OutOfProcess",
            "InProcess",
            "StorageService",
            "SessionCache",
            "ReplayCache",
            "ArtifactMap" ->
            skip(child, "spgate runs in one process with its own stores and policy", "none");
        default ->
            untranslate(child, "not a Shibboleth SP 3 element spgate knows", "check it by hand");
      }
    }
  }

  private void applicationDefaults(Element defaults) {
    String entityId = defaults.getAttribute("entityID");
    if (!entityId.isEmpty()) {
      top.put("entityId", entityId);
      publicUrlFrom(entityId);
    }
    for (String id : defaults.getAttribute("REMOTE_USER").split("\\s+")) {
      if (!id.isBlank()) {
        remoteUser.add(id);
      }
    }
    for (Element child : children(defaults)) {
      switch (name(child)) {
        case "Sessions" -> sessions(child);
        case "MetadataProvider" -> metadataProvider(child);
        case "AttributeExtractor" -> attributeExtractor(child);
        case "CredentialResolver" -> credentialResolver(child);
        case "Errors" ->
            skip(
                child,
                "spgate shows its own error pages with an SPG code and correlation id",
                "none");
        case "AttributeResolver" ->
            skip(
                child,
                "spgate needs no attribute resolver (no queries, no NameID mapping)",
                "none");
        case "AttributeFilter" ->
            untranslate(
                child,
                "spgate has no attribute filter policy; it checks scopes against the IdP's"
                    + " shibmd:Scope metadata",
                "remove attributes the backend must not see from the attribute map");
        case "ApplicationOverride" ->
            untranslate(
                child,
                "spgate serves one application (one entityID) per process",
                "run a second spgate for the override");
        case "RelyingParty" ->
            untranslate(child, "no per-IdP signing or encryption settings", "none usually needed");
        default -> untranslate(child, "no spgate equivalent", "check it by hand");
      }
    }
  }

  private void publicUrlFrom(String entityId) {
    try {
      URI uri = URI.create(entityId);
      if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null) {
        top.put(
            "publicUrl",
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        untranslated.add(
            new Untranslated(
                shibbolethXml + ":0",
                "publicUrl",
                "shibboleth2.xml does not say which URL browsers use; taken from the entityID",
                "check publicUrl: it must match the ACS URL registered at the IdP"));
        return;
      }
    } catch (IllegalArgumentException e) {
      // Not a URL: a URN entityID, handled below.
    }
    top.put("publicUrl", "https://sp.example.org");
    untranslated.add(
        new Untranslated(
            shibbolethXml + ":0",
            "publicUrl",
            "the entityID is not a URL, so the public URL is unknown",
            "set publicUrl to the https origin browsers use"));
  }

  private void sessions(Element element) {
    String handler = element.getAttribute("handlerURL");
    if (handler.startsWith("/")) {
      top.put("handlerPath", ProtectedPath.normalise(handler));
    } else if (!handler.isEmpty()) {
      untranslate(element, "handlerURL " + handler + " is absolute", "handlerPath takes a path");
    }
    seconds(element, "lifetime").ifPresent(value -> sessions.put("lifetime", value));
    seconds(element, "timeout").ifPresent(value -> sessions.put("timeout", value));
    if ("true".equals(element.getAttribute("checkAddress"))) {
      security.put("bindSessionToAddress", "true");
    }
    cookieProps(element, element.getAttribute("cookieProps"));
    String handlerSsl = element.getAttribute("handlerSSL");
    if ("false".equals(handlerSsl)) {
      untranslate(
          element,
          "handlerSSL=\"false\" lets the handler answer over http",
          "spgate's handler follows publicUrl; use https");
    }
    for (Element child : children(element)) {
      switch (name(child)) {
        case "SSO" -> sso(child);
        case "SessionInitiator" -> sessionInitiator(child);
        case "Logout" ->
            skip(
                child, "spgate's /Logout ends the local session (SAML SLO is not offered)", "none");
        case "Handler" -> handler(child);
        case "LogoutInitiator", "md:AssertionConsumerService", "AssertionConsumerService" ->
            skip(child, "spgate's endpoints are fixed: SAML2/POST and ADFS", "none");
        default -> untranslate(child, "no spgate equivalent", "check it by hand");
      }
    }
  }

  private void cookieProps(Element element, String props) {
    if (props.isEmpty()) {
      return;
    }
    String lower = props.toLowerCase(Locale.ROOT);
    if (lower.equals("https")) {
      cookie.put("secure", "true");
    } else if (lower.equals("http")) {
      cookie.put("secure", "false");
    } else {
      if (lower.contains("secure")) {
        cookie.put("secure", "true");
      }
      for (String mode : List.of("Strict", "Lax", "None")) {
        if (lower.contains("samesite=" + mode.toLowerCase(Locale.ROOT))) {
          cookie.put("sameSite", mode);
        }
      }
      if (lower.contains("domain=") || lower.contains("path=") && !lower.contains("path=/;")) {
        untranslate(
            element,
            "cookieProps " + props + ": spgate's cookie is host-only with path /",
            "nothing to do unless another host shared the cookie");
      }
    }
  }

  private void sso(Element element) {
    String entityId = element.getAttribute("entityID");
    if (!entityId.isEmpty()) {
      idp.put("entityId", entityId);
    }
    String protocols = element.getTextContent().strip();
    if (protocols.contains("ADFS") || protocols.contains("WS-Fed")) {
      idp.put("protocol", protocols.contains("SAML2") ? "auto" : "wsfed");
    } else if (protocols.equals("SAML2")) {
      idp.put("protocol", "saml2");
    }
    if (protocols.contains("SAML1")) {
      untranslate(
          element,
          "SAML 1.1 browser SSO (Shibboleth 1.3 profile) is not offered",
          "the IdP uses SAML2; AD FS SAML 1.1 tokens work through WS-Federation");
    }
    if (!element.getAttribute("discoveryURL").isEmpty()) {
      untranslate(
          element,
          "no discovery service (discoveryURL " + element.getAttribute("discoveryURL") + ")",
          "set idp.entityId to the one IdP logins go to");
    }
  }

  private void sessionInitiator(Element element) {
    String type = element.getAttribute("type");
    if (type.equals("WSFed") || type.equals("ADFS")) {
      idp.put("protocol", "wsfed");
      if (!element.getAttribute("entityID").isEmpty()) {
        idp.put("entityId", element.getAttribute("entityID"));
      }
      return;
    }
    if (type.equals("SAML2") || type.equals("Chaining")) {
      if (!element.getAttribute("entityID").isEmpty()) {
        idp.put("entityId", element.getAttribute("entityID"));
      }
      for (Element child : children(element)) {
        if (name(child).equals("SessionInitiator")) {
          sessionInitiator(child);
        }
      }
      return;
    }
    untranslate(element, "session initiator type " + type, "set idp.entityId and idp.protocol");
  }

  private void handler(Element element) {
    String type = element.getAttribute("type");
    switch (type) {
      case "MetadataGenerator" -> skip(element, "spgate serves /Metadata itself", "none");
      case "Status" -> skip(element, "spgate serves /Status itself", "none");
      case "Session" -> skip(element, "spgate serves /Session itself", "none");
      case "ADFS" -> skip(element, "spgate serves the WS-Federation endpoint /ADFS itself", "none");
      case "DiscoveryFeed", "AttributeChecker" ->
          untranslate(element, "no " + type + " handler", "none");
      default -> untranslate(element, "no handler of type " + type, "check it by hand");
    }
  }

  private void metadataProvider(Element element) {
    String type = element.getAttribute("type");
    if (type.equals("Chaining")) {
      for (Element child : children(element)) {
        if (name(child).equals("MetadataProvider")) {
          metadataProvider(child);
        }
      }
      return;
    }
    String url = element.getAttribute("url");
    if (type.equals("MDQ")) {
      remote.mdq(element);
      return;
    }
    if (url.startsWith("https://")) {
      remote.url(element, url);
      if (!element.getAttribute("path").isEmpty()) {
        untranslate(
            element,
            "path " + element.getAttribute("path") + " beside url: the URL is fetched",
            "nothing to do; the backing file is the cacheFile");
      }
      return;
    }
    if (!url.isEmpty() && element.getAttribute("path").isEmpty()) {
      untranslate(
          element,
          "metadata from " + url + ": spgate fetches metadata over https only",
          "use the https URL, or download and verify the file and list it under idp.metadata");
      return;
    }
    String file = element.getAttribute("path");
    if (file.isEmpty()) {
      file = element.getAttribute("file");
    }
    if (file.isEmpty()) {
      untranslate(element, "a metadata provider without a file", "list the file in idp.metadata");
      return;
    }
    if (!url.isEmpty()) {
      untranslate(
          element,
          "the backing file " + file + " is used; " + url + " is not fetched over plain http",
          "use the https URL (then it is fetched and its signature checked)");
    }
    metadata.add(resolve(file));
    for (Element filter : children(element)) {
      if (name(filter).equals("MetadataFilter")) {
        String filterType = filter.getAttribute("type");
        untranslate(
            filter,
            "metadata filter " + filterType + ": spgate trusts the file as it is",
            filterType.equals("Signature")
                ? "verify the file's signature before installing it"
                : "filter the file before installing it");
      }
    }
  }

  private void attributeExtractor(Element element) {
    String file = element.getAttribute("path");
    if (element.getAttribute("type").equals("XML") && !file.isEmpty()) {
      top.put("attributeMap", resolve(file));
    } else if (element.getAttribute("type").equals("Chaining")) {
      for (Element child : children(element)) {
        if (name(child).equals("AttributeExtractor")) {
          attributeExtractor(child);
        }
      }
    } else {
      untranslate(
          element,
          "attribute extractor type " + element.getAttribute("type"),
          "spgate reads one Shibboleth-format attribute map");
    }
  }

  private void credentialResolver(Element element) {
    String type = element.getAttribute("type");
    if (type.equals("Chaining")) {
      for (Element child : children(element)) {
        if (name(child).equals("CredentialResolver")) {
          credentialResolver(child);
        }
      }
      return;
    }
    if (!type.equals("File")) {
      untranslate(element, "credential resolver type " + type, "export the key and cert as PEM");
      return;
    }
    String key = element.getAttribute("key");
    String cert = element.getAttribute("certificate");
    if (key.isEmpty() || cert.isEmpty()) {
      untranslate(
          element,
          "a File resolver without key and certificate attributes",
          "list the PEM files under credentials");
      return;
    }
    if (!element.getAttribute("password").isEmpty()) {
      untranslate(
          element,
          "an encrypted private key",
          "decrypt it with 'openssl pkey -in KEY -out KEY.pem' and protect the file (chmod 600)");
    }
    if (!element.getAttribute("use").isEmpty()) {
      untranslate(
          element,
          "use=\"" + element.getAttribute("use") + "\": spgate uses every key for both",
          "nothing to do; the first key is the one published in metadata");
    }
    credentials.add(new String[] {resolve(cert), resolve(key)});
  }

  private void requestMapper(Element mapper) {
    for (Element map : children(mapper)) {
      if (name(map).equals("RequestMap")) {
        requestMap(map, "", false);
      }
    }
  }

  private void requestMap(Element element, String prefix, boolean inherited) {
    for (Element child : children(element)) {
      String name = name(child);
      if (name.equals("Host")) {
        if (!child.getAttribute("name").isEmpty() && !prefix.isEmpty()) {
          untranslate(child, "nested Host", "check it by hand");
        }
        requestMap(child, prefix, required(child, inherited));
      } else if (name.equals("Path")) {
        String path = ProtectedPath.normalise(prefix + "/" + child.getAttribute("name"));
        boolean required = required(child, inherited);
        String auth =
            required ? "required" : child.getAttribute("authType").isEmpty() ? "none" : "optional";
        paths.merge(path, new ProtectedPath(path, auth, null), (old, added) -> old.withAuth(auth));
        requestMap(child, path, required);
      } else if (name.equals("AccessControl")) {
        Requirement rule = Requirement.simplified(accessControl.read(child));
        String path = prefix.isEmpty() ? "/" : prefix;
        if (rule instanceof Requirement.Anyone || rule instanceof Requirement.Session) {
          paths.merge(
              path,
              new ProtectedPath(path, "required", null),
              (old, added) -> old.withAuth("required"));
        } else {
          paths.merge(
              path,
              new ProtectedPath(path, "required", null, rule),
              (old, added) -> old.withAccess(rule));
        }
      } else if (name.equals("AccessControlProvider")) {
        untranslate(
            child,
            "access rules in another file"
                + (child.getAttribute("path").isEmpty()
                    ? ""
                    : " (" + child.getAttribute("path") + ")"),
            "copy its <AccessControl> into the RequestMap and import again, or write the rule"
                + " under access.rules");
      } else if (name.equals("PathRegex") || name.equals("HostRegex") || name.equals("htaccess")) {
        untranslate(
            child,
            name + " has no spgate equivalent (routes are path prefixes)",
            "add routes per prefix");
      }
    }
  }

  private static boolean required(Element element, boolean inherited) {
    String value = element.getAttribute("requireSession");
    return value.isEmpty() ? inherited : value.equals("true") || value.equals("1");
  }

  private String yaml() {
    if (metadata.isEmpty() && remote.isEmpty()) {
      untranslated.add(
          new Untranslated(
              shibbolethXml + ":0",
              "MetadataProvider",
              "no local metadata file found",
              "list the IdP's metadata file under idp.metadata"));
    }
    StringBuilder out = new StringBuilder();
    out.append("# Written by 'spgate import-shibboleth ")
        .append(shibbolethXml)
        .append("'.\n# Review every line, then run: spgate check-config --config THIS_FILE\n");
    for (Untranslated item : untranslated) {
      out.append("# NOT IMPORTED: ").append(item.toString().replace('\n', ' ')).append('\n');
    }
    for (Map.Entry<String, String> entry : top.entrySet()) {
      out.append(entry.getKey()).append(": ").append(quote(entry.getValue())).append('\n');
    }
    if (!credentials.isEmpty()) {
      out.append("credentials:\n");
      for (String[] pair : credentials) {
        out.append("  - cert: ").append(quote(pair[0])).append('\n');
        out.append("    key: ").append(quote(pair[1])).append('\n');
      }
    }
    out.append("idp:\n");
    if (!metadata.isEmpty() || remote.isEmpty()) {
      out.append("  metadata:\n");
    }
    if (metadata.isEmpty() && remote.isEmpty()) {
      out.append("    - ")
          .append(quote(baseDir.resolve("idp-metadata.xml").toString()))
          .append('\n');
    }
    for (String file : metadata) {
      out.append("    - ").append(quote(file)).append('\n');
    }
    if (!remote.isEmpty()) {
      out.append(remote.yaml());
    }
    for (Map.Entry<String, String> entry : idp.entrySet()) {
      out.append("  ")
          .append(entry.getKey())
          .append(": ")
          .append(quote(entry.getValue()))
          .append('\n');
    }
    section(out, "sessions", sessions);
    section(out, "cookie", cookie);
    section(out, "security", security);
    if (!remoteUser.isEmpty()) {
      out.append("headers:\n  remoteUserAttributes: [");
      out.append(String.join(", ", remoteUser.stream().map(ShibbolethImport::quote).toList()));
      out.append("]\n");
    }
    List<ProtectedPath> routes = new ArrayList<>(paths.values());
    Map<ProtectedPath, String> ruleNames = accessRules(out, routes);
    out.append("routes:\n");
    routes.sort((a, b) -> Integer.compare(b.path().length(), a.path().length()));
    if (routes.stream().noneMatch(route -> route.path().equals("/"))) {
      String fallback =
          routes.stream()
              .map(ProtectedPath::backend)
              .filter(b -> b != null)
              .findFirst()
              .orElse(null);
      routes.add(new ProtectedPath("/", "none", fallback));
    }
    for (ProtectedPath route : routes) {
      String backend = route.backend() != null ? route.backend() : coveringBackend(route, routes);
      out.append("  - path: ").append(quote(route.path())).append('\n');
      out.append("    backend: ").append(quote(backend == null ? PLACEHOLDER_BACKEND : backend));
      out.append(backend == null ? "   # PLACEHOLDER: no ProxyPass found for this path\n" : "\n");
      out.append("    auth: ").append(route.auth()).append('\n');
      String rule = ruleNames.get(route);
      if (rule != null) {
        out.append("    access: ").append(quote(rule)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Writes the {@code access:} section, one rule per path with a requirement, named after the path
   * ({@code /app/admin} → {@code app-admin}); returns the names.
   */
  private static Map<ProtectedPath, String> accessRules(
      StringBuilder out, List<ProtectedPath> routes) {
    Map<ProtectedPath, String> names = new LinkedHashMap<>();
    for (ProtectedPath route : routes) {
      Requirement rule = route.access();
      if (rule == null) {
        continue;
      }
      if (names.isEmpty()) {
        out.append("access:\n  rules:\n");
      }
      String base = route.path().equals("/") ? "root" : route.path().substring(1).replace('/', '-');
      String name = base;
      for (int i = 2; names.containsValue(name); i++) {
        name = base + "-" + i;
      }
      names.put(route, name);
      out.append("    ").append(quote(name)).append(": ").append(rule.yaml());
      out.append(rule instanceof Requirement.Nobody ? "   # PLACEHOLDER: nobody passes\n" : "\n");
    }
    return names;
  }

  /** Apache proxies a path with the longest ProxyPass prefix that covers it. */
  private static @Nullable String coveringBackend(ProtectedPath route, List<ProtectedPath> routes) {
    for (ProtectedPath other : routes) {
      String prefix = other.path().equals("/") ? "/" : other.path() + "/";
      if (other.backend() != null && route.path().startsWith(prefix)) {
        return other.backend();
      }
    }
    return null;
  }

  private static void section(StringBuilder out, String name, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    out.append(name).append(":\n");
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String value = entry.getValue();
      boolean plain = value.equals("true") || value.equals("false") || value.matches("\\d+s");
      out.append("  ").append(entry.getKey()).append(": ").append(plain ? value : quote(value));
      out.append('\n');
    }
  }

  private static java.util.Optional<String> seconds(Element element, String attribute) {
    String value = element.getAttribute(attribute);
    return value.matches("\\d+") ? java.util.Optional.of(value + "s") : java.util.Optional.empty();
  }

  private String resolve(String file) {
    return baseDir.resolve(file).normalize().toString();
  }

  private void skip(Element element, String reason, String hint) {
    untranslate(element, reason, hint);
  }

  private void untranslate(Element element, String reason, String hint) {
    untranslated.add(
        new Untranslated(
            shibbolethXml + ":" + LocatedXml.lineOf(element), describe(element), reason, hint));
  }

  private static String describe(Element element) {
    String type = element.getAttribute("type");
    return "<" + name(element) + (type.isEmpty() ? "" : " type=\"" + type + "\"") + ">";
  }

  private static String quote(@Nullable String value) {
    return Yaml.quote(value);
  }

  private static String name(Node node) {
    String local = node.getLocalName();
    if (local != null) {
      return local;
    }
    String name = node.getNodeName();
    return name.substring(name.indexOf(':') + 1);
  }

  private static List<Element> children(Element parent) {
    List<Element> result = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        result.add(element);
      }
    }
    return result;
  }
}
