package org.spgate.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ClientCertConfig.CertificateUser;
import org.spgate.core.config.ClientCertConfig.FromProxy;
import org.spgate.core.config.ClientCertConfig.Headers;
import org.spgate.core.config.ClientCertConfig.ProxyCertFormat;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the optional {@code clientCert} section into a {@link ClientCertConfig}, together with the
 * older {@code tls.clientCa}, {@code tls.clientCrl} and {@code tls.clientDnFormat}, which say the
 * same for spgate's own TLS listener: each may be given in one place only.
 */
final class ClientCertSection {

  private static final ValueType<CertificateUser> USER = ValueType.oneOf(users());

  private static final ValueType<ProxyCertFormat> FORMAT = ValueType.oneOf(formats());

  private static final ValueType<String> DN_FORMAT =
      ValueType.oneOf(Map.of("rfc4514", "rfc4514", "apache", "apache"));

  private ClientCertSection() {}

  /** The client-certificate settings, defaults filled in (no CA: {@link ClientCertConfig#NONE}). */
  static ClientCertConfig read(
      YamlMapping root, FileChecks files, @Nullable TlsConfig tls, ProxyConfig proxy) {
    YamlMapping section = root.mapping("clientCert");
    Path ca = section.optional("ca", files.existingFile());
    Path crl = section.optional("crl", files.existingFile());
    String dnFormat = section.optional("dnFormat", DN_FORMAT);
    Node tlsSection = root.node("tls");
    if (section.node("ca") != null && hasKey(tlsSection, "clientCa")) {
      section.problem("ca", "tls.clientCa already names the client CAs; name them in one place");
    }
    if (section.node("crl") != null && section.node("ca") == null) {
      section.problem("crl", "crl needs ca: a CRL only revokes what a CA issued");
    }
    if (section.node("dnFormat") != null && hasKey(tlsSection, "clientDnFormat")) {
      section.problem("dnFormat", "tls.clientDnFormat already sets it; set it in one place");
    }
    CertificateUser user = section.get("user", USER, CertificateUser.CN);
    Pattern dnPattern = dnPattern(section, user);
    FromProxy fromProxy =
        section.node("fromProxy") == null ? null : fromProxy(section.mapping("fromProxy"), proxy);
    if (fromProxy != null && ca == null && (tls == null || tls.clientCa() == null)) {
      section.problem(
          "fromProxy", "fromProxy needs ca: spgate verifies the proxy's certificate itself");
    }
    Headers headers = headers(section.mapping("headers"), fromProxy);
    section.finish();
    boolean apacheDn = dnFormat != null ? dnFormat.equals("apache") : tls != null && tls.apacheDn();
    return new ClientCertConfig(
        ca != null ? ca : tls == null ? null : tls.clientCa(),
        crl != null ? crl : tls == null ? null : tls.clientCrl(),
        apacheDn,
        user,
        dnPattern,
        fromProxy,
        headers);
  }

  /** The pattern of {@code user: dn}: required then, with exactly one capture group. */
  private static @Nullable Pattern dnPattern(YamlMapping section, CertificateUser user) {
    Pattern pattern = section.optional("dnPattern", AccessSection.REGEX);
    if (user == CertificateUser.DN && section.node("dnPattern") == null) {
      section.problem(
          "user", "user: dn needs dnPattern, a regular expression with one capture group");
    }
    if (user != CertificateUser.DN && section.node("dnPattern") != null) {
      section.problem("dnPattern", "dnPattern is only used with user: dn");
    }
    if (pattern != null && pattern.matcher("").groupCount() != 1) {
      section.problem(
          "dnPattern",
          "expected exactly one capture group (...) for the user, got "
              + pattern.matcher("").groupCount()
              + "; write (?:...) for groups that only group");
      return null;
    }
    return pattern;
  }

  private static @Nullable FromProxy fromProxy(YamlMapping m, ProxyConfig proxy) {
    String header = m.required("header", HeaderTokens.NAME);
    ProxyCertFormat format = m.required("format", FORMAT);
    if (proxy.trustedProxies().isEmpty()) {
      m.problem(
          "header",
          "fromProxy needs proxy.trustedProxies: the header is only believed from those peers");
    }
    m.finish();
    return header == null || format == null ? null : new FromProxy(header, format);
  }

  private static Headers headers(YamlMapping m, @Nullable FromProxy fromProxy) {
    Headers d = Headers.MOD_SSL;
    String[] keys = {"verify", "subjectDn", "issuerDn", "serial", "notAfter", "cert"};
    String[] defaults = {
      d.verify(), d.subjectDn(), d.issuerDn(), d.serial(), d.notAfter(), d.cert()
    };
    String[] names = new String[keys.length];
    Map<String, String> seen = new HashMap<>();
    if (fromProxy != null) {
      seen.put(normal(fromProxy.header()), "fromProxy.header");
    }
    for (int i = 0; i < keys.length; i++) {
      names[i] = m.get(keys[i], HeaderTokens.NAME, defaults[i]);
      String other = seen.putIfAbsent(normal(names[i]), keys[i]);
      if (other != null) {
        m.problem(
            keys[i],
            "header "
                + names[i]
                + " is the same name as "
                + other
                + " (case, '-', '_' and '.' do not tell header names apart)");
      }
    }
    m.finish();
    return new Headers(names[0], names[1], names[2], names[3], names[4], names[5]);
  }

  /** Whether {@code node} is a mapping with {@code key}, without reading (or reporting on) it. */
  private static boolean hasKey(@Nullable Node node, String key) {
    if (!(node instanceof MappingNode mapping)) {
      return false;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Header names as CGI backends compare them. */
  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  private static Map<String, CertificateUser> users() {
    Map<String, CertificateUser> values = new LinkedHashMap<>();
    values.put("cn", CertificateUser.CN);
    values.put("email", CertificateUser.EMAIL);
    values.put("dn", CertificateUser.DN);
    return values;
  }

  private static Map<String, ProxyCertFormat> formats() {
    Map<String, ProxyCertFormat> values = new LinkedHashMap<>();
    values.put("escaped-pem", ProxyCertFormat.ESCAPED_PEM);
    values.put("base64-der", ProxyCertFormat.BASE64_DER);
    values.put("pem", ProxyCertFormat.PEM);
    return values;
  }
}
