package org.spgate.core.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code spgate.yaml} into an {@link SpConfig}, reporting every problem at once.
 *
 * <p>Implementation notes. The file is composed to plain YAML nodes (see {@link YamlNodes}); each
 * section is then read by its own small reader into its record, defaults filled in, and every
 * problem is collected with its line and dotted key instead of stopping at the first. Cross-field
 * checks (cookie against publicUrl, routes against handlerPath, session timeout against lifetime)
 * run inside the section readers that own the dependent key. Referenced files are checked for
 * existence only; their contents are parsed by the metadata, attribute and credential readers.
 */
public final class ConfigLoader {

  static final String DEFAULT_HANDLER_PATH = "/Shibboleth.sso";
  static final String DEFAULT_ATTRIBUTE_MAP = "attribute-maps/attribute-map.xml";
  static final int DEFAULT_PORT = 8080;

  private static final ValueType<String> ENTITY_ID =
      new ValueType<>(
          "an entity ID (a URI of at most 1024 characters)",
          text -> {
            // SAML core 8.3.6: entity identifiers are URIs of at most 1024 characters.
            if (text.isEmpty() || text.length() > 1024 || !text.matches("\\S+")) {
              throw new IllegalArgumentException(
                  "expected a URI of 1 to 1024 characters without spaces, got "
                      + ValueType.quote(text));
            }
            return text;
          });

  private ConfigLoader() {}

  /**
   * Reads and validates a configuration file.
   *
   * @param file the YAML file; relative file names inside it resolve against its directory
   * @return the validated configuration
   * @throws ConfigException listing every problem found, each with file, line and key
   */
  public static SpConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ConfigException(new ConfigProblem(file, 0, null, "not valid UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(
          new ConfigProblem(file, 0, null, "cannot read " + file.toAbsolutePath() + ": " + e));
    }
    return parse(text, file);
  }

  /**
   * Validates configuration text as if it had been read from {@code file}.
   *
   * @param yaml the YAML text
   * @param file names the source in problems and gives the directory relative names resolve in
   * @return the validated configuration
   * @throws ConfigException listing every problem found, each with file, line and key
   */
  public static SpConfig parse(String yaml, Path file) throws ConfigException {
    Problems problems = new Problems(file);
    Node node = YamlNodes.compose(yaml, problems);
    problems.throwIfAny();
    YamlMapping root = YamlMapping.of(node, "", 1, problems);
    FileChecks files = new FileChecks(file);

    InetSocketAddress listen = root.get("listen", Addresses.LISTEN_ADDRESS, defaultListen());
    URI publicUrl = root.required("publicUrl", Urls.ORIGIN);
    String entityId = root.optional("entityId", ENTITY_ID);
    String handlerPath = root.get("handlerPath", UrlPaths.HANDLER, DEFAULT_HANDLER_PATH);
    List<CredentialConfig> credentials = CredentialSection.read(root, files);
    IdpConfig idp = IdpSection.read(root, files);
    Path attributeMap = attributeMap(root, files);
    SecurityConfig security = SecuritySection.read(root.mapping("security"));
    SessionConfig sessions =
        SessionSection.read(
            root.mapping("sessions"),
            files,
            !credentials.isEmpty() || root.node("credentials") != null);
    CookieConfig cookie = CookieSection.read(root.mapping("cookie"), publicUrl);
    HeaderConfig headers = HeaderSection.read(root.mapping("headers"));
    ProxyConfig proxy = ProxySection.read(root.mapping("proxy"));
    AccessConfig access = AccessSection.read(root.mapping("access"));
    List<RouteConfig> routes = RouteSection.read(root, handlerPath, access, headers);
    ShutdownConfig shutdown = ShutdownSection.read(root.mapping("shutdown"));
    LimitsConfig limits = LimitsSection.read(root.mapping("limits"));
    BackendHealthConfig backendHealth = BackendHealthSection.read(root.mapping("backendHealth"));
    TlsConfig tls = TlsSection.read(root, files, publicUrl);
    MetricsConfig metrics = MetricsSection.read(root.mapping("metrics"), listen);
    LoggingConfig logging = LoggingSection.read(root.mapping("logging"));
    ClientCertConfig clientCert = ClientCertSection.read(root, files, tls, proxy);
    if (clientCert.ca() == null && routes.stream().anyMatch(r -> r.clientCert() != AuthMode.NONE)) {
      root.problem(
          "routes",
          "a route with clientCert: optional or required needs tls.clientCa (or clientCert.ca),"
              + " the CAs to verify client certificates against");
    }
    root.finish();
    problems.throwIfAny();

    // Without problems every required value above was read, so none of these is null.
    return new SpConfig(
        file,
        listen,
        publicUrl,
        entityId != null ? entityId : publicUrl + "/shibboleth",
        handlerPath,
        credentials,
        idp,
        attributeMap,
        security,
        sessions,
        cookie,
        headers,
        proxy,
        routes,
        shutdown,
        limits,
        backendHealth,
        tls,
        metrics,
        logging,
        clientCert);
  }

  private static @Nullable Path attributeMap(YamlMapping root, FileChecks files) {
    if (root.node("attributeMap") != null) {
      return root.optional("attributeMap", files.existingFile());
    }
    try {
      return files.existingDefault(DEFAULT_ATTRIBUTE_MAP, "attributeMap");
    } catch (IllegalArgumentException e) {
      root.problem(0, "attributeMap", String.valueOf(e.getMessage()));
      return null;
    }
  }

  private static InetSocketAddress defaultListen() {
    // A literal, so no DNS; not getLoopbackAddress(), which may answer ::1.
    return new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
  }
}
