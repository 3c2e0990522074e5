package org.spgate.core.metadata;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.xml.LocatedXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads IdP metadata files: a single {@code EntityDescriptor} or an {@code EntitiesDescriptor}
 * aggregate, nested to any depth. Entities without an IdP role are skipped (aggregates list SPs
 * too).
 *
 * <p>Trust is explicit: the signing keys of an IdP are the certificates of the {@code
 * KeyDescriptor}s inside its {@code IDPSSODescriptor} (or WS-Federation STS role) whose {@code use}
 * is {@code signing} or absent (absent means both uses, SAML metadata 2.4.1.1). Keys elsewhere in
 * the file, for example of another role, never count. An IdP without a usable signing key is a
 * configuration error (fail closed). The metadata's own signature is not checked: the operator
 * vouches for the file by configuring it.
 */
public final class IdpMetadataLoader {

  static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  static final String SHIBMD = "urn:mace:shibboleth:metadata:1.0";
  static final String SAML2P = "urn:oasis:names:tc:SAML:2.0:protocol";
  static final String WSFED_PROTOCOL = "http://schemas.xmlsoap.org/ws/2003/07/secext";
  static final String FED = "http://docs.oasis-open.org/wsfed/federation/200706";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private final Clock clock;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Predicate<String> wanted;
  private final boolean skipBrokenEntities;

  public IdpMetadataLoader(Clock clock) {
    this(clock, entityId -> true, false);
  }

  private IdpMetadataLoader(Clock clock, Predicate<String> wanted, boolean skipBrokenEntities) {
    this.clock = clock;
    this.wanted = wanted;
    this.skipBrokenEntities = skipBrokenEntities;
  }

  /**
   * The IdPs of one fetched aggregate whose signature and {@code validUntil} were already checked:
   * only entities {@code wanted} accepts are read at all (the others are passed over without
   * parsing their keys), and an entity with a problem is left out and its problem added to {@code
   * skipped} instead of failing the whole document, as one broken entity among thousands must not
   * take the federation's other IdPs away.
   *
   * @throws ConfigException when the document is not metadata or holds no wanted IdP
   */
  public static List<IdpDescriptor> loadAggregate(
      Document document,
      Path source,
      Clock clock,
      Predicate<String> wanted,
      List<ConfigProblem> skipped)
      throws ConfigException {
    IdpMetadataLoader loader = new IdpMetadataLoader(clock, wanted, true);
    List<IdpDescriptor> idps = loader.load(document, source);
    if (idps.isEmpty()) {
      throw new ConfigException(
          loader.problems.isEmpty()
              ? List.of(new ConfigProblem(source, 0, null, "no wanted IdP in the metadata"))
              : loader.problems);
    }
    skipped.addAll(loader.problems);
    return idps;
  }

  /** Loads every IdP of all {@code files}; all problems of all files are reported together. */
  public static List<IdpDescriptor> loadAll(List<Path> files, Clock clock) throws ConfigException {
    IdpMetadataLoader loader = new IdpMetadataLoader(clock);
    List<IdpDescriptor> idps = new ArrayList<>();
    for (Path file : files) {
      try {
        idps.addAll(loader.load(LocatedXml.read(file), file));
      } catch (ConfigException e) {
        loader.problems.addAll(e.problems());
      }
    }
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return idps;
  }

  private List<IdpDescriptor> load(Document document, Path file) {
    Element root = document.getDocumentElement();
    List<IdpDescriptor> idps = new ArrayList<>();
    if (!MD.equals(root.getNamespaceURI())
        || !(is(root, "EntityDescriptor") || is(root, "EntitiesDescriptor"))) {
      problem(
          file,
          root,
          "expected a SAML metadata EntityDescriptor or EntitiesDescriptor root"
              + " element in namespace "
              + MD
              + ", found "
              + describe(root));
      return idps;
    }
    collect(root, file, null, idps);
    if (idps.isEmpty() && problems.isEmpty() && !skipBrokenEntities) {
      problem(
          file,
          root,
          "no IdP found: no EntityDescriptor has an IDPSSODescriptor for SAML 2.0"
              + " or a WS-Federation SecurityTokenServiceType role");
    }
    return idps;
  }

  private void collect(
      Element element, Path file, @Nullable Instant inheritedValidUntil, List<IdpDescriptor> out) {
    Instant validUntil = earliest(inheritedValidUntil, validUntil(element, file));
    if (validUntil != null && !clock.instant().isBefore(validUntil)) {
      problem(
          file,
          element,
          "metadata expired at " + validUntil + " (validUntil); fetch a current copy from the IdP");
      return;
    }
    if (is(element, "EntitiesDescriptor")) {
      for (Element child : children(element, MD, "EntitiesDescriptor", "EntityDescriptor")) {
        collect(child, file, validUntil, out);
      }
      return;
    }
    int before = problems.size();
    IdpDescriptor idp = readEntity(element, file, validUntil);
    if (skipBrokenEntities && problems.size() > before) {
      idp = null;
    }
    if (idp != null) {
      out.add(idp);
    }
  }

  private @Nullable IdpDescriptor readEntity(
      Element entity, Path file, @Nullable Instant validUntil) {
    String entityId = entity.getAttribute("entityID");
    if (entityId.isEmpty()) {
      problem(file, entity, "EntityDescriptor has no entityID attribute");
      return null;
    }
    if (!wanted.test(entityId)) {
      return null;
    }
    Element idpRole = idpRole(entity);
    Element stsRole = WsFedRoles.securityTokenService(entity);
    if (idpRole == null && stsRole == null) {
      return null;
    }
    List<PublicKey> keys = new ArrayList<>();
    List<Endpoint> sso = new ArrayList<>();
    List<Endpoint> slo = new ArrayList<>();
    String passive = null;
    boolean wantSigned = false;
    if (idpRole != null) {
      keys.addAll(signingKeys(idpRole, file));
      sso.addAll(endpoints(idpRole, "SingleSignOnService", file));
      slo.addAll(endpoints(idpRole, "SingleLogoutService", file));
      wantSigned =
          "true".equals(idpRole.getAttribute("WantAuthnRequestsSigned"))
              || "1".equals(idpRole.getAttribute("WantAuthnRequestsSigned"));
      passive = WsFedRoles.shibbolethStyleAdfsEndpoint(idpRole);
    }
    if (stsRole != null) {
      keys.addAll(signingKeys(stsRole, file));
      String stsPassive = WsFedRoles.passiveRequestorEndpoint(stsRole);
      passive = stsPassive != null ? stsPassive : passive;
    }
    if (keys.isEmpty()) {
      problem(
          file,
          entity,
          "IdP '"
              + entityId
              + "' has no signing key: its IDPSSODescriptor needs"
              + " a KeyDescriptor (use=\"signing\" or no use) with an X509Certificate; without one"
              + " no assertion of it could be verified");
      return null;
    }
    List<String> literal = new ArrayList<>();
    List<Pattern> regex = new ArrayList<>();
    readScopes(entity, idpRole, file, literal, regex);
    return new IdpDescriptor(
        entityId, keys, sso, slo, wantSigned, literal, regex, passive, validUntil, file);
  }

  private static @Nullable Element idpRole(Element entity) {
    for (Element role : children(entity, MD, "IDPSSODescriptor")) {
      // A whitespace-separated list of URIs (SAML metadata 2.4.1): match whole tokens.
      List<String> protocols =
          List.of(role.getAttribute("protocolSupportEnumeration").trim().split("\\s+"));
      if (protocols.contains(SAML2P) || protocols.contains(WSFED_PROTOCOL)) {
        return role;
      }
    }
    return null;
  }

  private List<PublicKey> signingKeys(Element role, Path file) {
    List<PublicKey> keys = new ArrayList<>();
    for (Element descriptor : children(role, MD, "KeyDescriptor")) {
      String use = descriptor.getAttribute("use");
      if (!use.isEmpty() && !use.equals("signing")) {
        continue;
      }
      for (Element keyInfo : children(descriptor, DS, "KeyInfo")) {
        for (Element data : children(keyInfo, DS, "X509Data")) {
          for (Element cert : children(data, DS, "X509Certificate")) {
            PublicKey key = certificateKey(cert, file);
            if (key != null) {
              keys.add(key);
            }
          }
        }
      }
    }
    return keys;
  }

  private @Nullable PublicKey certificateKey(Element cert, Path file) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(cert.getTextContent().trim());
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return certificate.getPublicKey();
    } catch (IllegalArgumentException | CertificateException e) {
      problem(file, cert, "X509Certificate is not a base64 DER certificate: " + e.getMessage());
      return null;
    }
  }

  private List<Endpoint> endpoints(Element role, String name, Path file) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Element endpoint : children(role, MD, name)) {
      String location = endpoint.getAttribute("Location");
      if (!location.startsWith("https://") && !location.startsWith("http://")) {
        // A javascript: or data: location would end up in a redirect or form action.
        problem(
            file, endpoint, name + " Location must be an http(s) URL, found '" + location + "'");
        continue;
      }
      endpoints.add(new Endpoint(endpoint.getAttribute("Binding"), location));
    }
    return endpoints;
  }

  private void readScopes(
      Element entity,
      @Nullable Element role,
      Path file,
      List<String> literal,
      List<Pattern> regex) {
    List<Element> holders = new ArrayList<>(children(entity, MD, "Extensions"));
    if (role != null) {
      holders.addAll(children(role, MD, "Extensions"));
    }
    for (Element extensions : holders) {
      for (Element scope : children(extensions, SHIBMD, "Scope")) {
        String value = scope.getTextContent().trim();
        if ("true".equals(scope.getAttribute("regexp"))) {
          try {
            regex.add(Pattern.compile(value));
          } catch (PatternSyntaxException e) {
            problem(
                file,
                scope,
                "shibmd:Scope regexp is not a valid regular expression: " + e.getDescription());
          }
        } else {
          literal.add(value);
        }
      }
    }
  }

  private @Nullable Instant validUntil(Element element, Path file) {
    String value = element.getAttribute("validUntil");
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      problem(
          file,
          element,
          "validUntil '" + value + "' is not an xs:dateTime in UTC like" + " 2030-01-01T00:00:00Z");
      return null;
    }
  }

  private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  static List<Element> children(Element parent, String namespace, String... localNames) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child && namespace.equals(child.getNamespaceURI())) {
        for (String localName : localNames) {
          if (localName.equals(child.getLocalName())) {
            out.add(child);
          }
        }
      }
    }
    return out;
  }

  private static boolean is(Element element, String localName) {
    return MD.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }

  private static String describe(Element element) {
    return "{" + element.getNamespaceURI() + "}" + element.getLocalName();
  }

  private void problem(Path file, Node node, String message) {
    String key = node instanceof Element e ? e.getLocalName() : null;
    problems.add(new ConfigProblem(file, LocatedXml.lineOf(node), key, message));
  }
}
