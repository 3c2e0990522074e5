package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWithRoutes;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.config.ClientCertConfig.CertificateUser;
import org.spgate.core.config.ClientCertConfig.ProxyCertFormat;

/**
 * The {@code clientCert} section and {@code routes[].identity}: defaults, every key, and each
 * mistake with its line and key.
 */
class ClientCertSectionTest {

  private static final String CERT_ROUTE =
      "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\", clientCert: required,"
          + " identity: certificate}";

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenNoClientCertSectionThenModSslNamesAndNoCa() throws ConfigException {
    SpConfig config = dir.load(TestConfigDir.minimalWith(""));

    assertThat(config.clientCert()).isEqualTo(ClientCertConfig.NONE);
    assertThat(config.clientCert().headers().subjectDn()).isEqualTo("SSL_CLIENT_S_DN");
    assertThat(config.routes().get(0).certificateIdentity()).isFalse();
  }

  @Test
  void loadWhenEveryKeySetThenRead() throws ConfigException {
    SpConfig config =
        dir.load(
            minimalWithRoutes(CERT_ROUTE)
                + "proxy: {trustedProxies: [10.0.0.5]}\n"
                + "clientCert:\n"
                + "  ca: sp-cert.pem\n"
                + "  crl: sp-key.pem\n"
                + "  dnFormat: apache\n"
                + "  user: dn\n"
                + "  dnPattern: '^/O=Example/CN=([^/]+)$'\n"
                + "  fromProxy: {header: X-SSL-Client-Cert, format: escaped-pem}\n"
                + "  headers: {verify: X-Client-Verify, subjectDn: X-Client-DN}\n");

    ClientCertConfig c = config.clientCert();
    assertThat(c.ca()).isEqualTo(tmp.resolve("sp-cert.pem"));
    assertThat(c.crl()).isEqualTo(tmp.resolve("sp-key.pem"));
    assertThat(c.apacheDn()).isTrue();
    assertThat(c.user()).isEqualTo(CertificateUser.DN);
    assertThat(c.dnPattern()).isNotNull();
    assertThat(c.dnPattern().pattern()).isEqualTo("^/O=Example/CN=([^/]+)$");
    assertThat(c.fromProxy())
        .isEqualTo(
            new ClientCertConfig.FromProxy("X-SSL-Client-Cert", ProxyCertFormat.ESCAPED_PEM));
    assertThat(c.headers().verify()).isEqualTo("X-Client-Verify");
    assertThat(c.headers().subjectDn()).isEqualTo("X-Client-DN");
    assertThat(c.headers().issuerDn()).isEqualTo("SSL_CLIENT_I_DN");
    assertThat(config.routes().get(0).certificateIdentity()).isTrue();
  }

  @Test
  void loadWhenCaOnlyInTlsSectionThenUsedForClientCertificates() throws ConfigException {
    SpConfig config =
        dir.load(
            minimalWithRoutes(CERT_ROUTE)
                + "tls: {cert: sp-cert.pem, key: sp-key.pem, clientCa: sp-cert.pem}\n"
                + "clientCert: {user: email}\n");

    assertThat(config.clientCert().ca()).isEqualTo(tmp.resolve("sp-cert.pem"));
    assertThat(config.clientCert().user()).isEqualTo(CertificateUser.EMAIL);
  }

  @Test
  void loadWhenCaInBothPlacesThenReportedOnClientCertCa() {
    String yaml =
        minimalWithRoutes(CERT_ROUTE)
            + "tls: {cert: sp-cert.pem, key: sp-key.pem, clientCa: sp-cert.pem}\n"
            + "clientCert:\n  ca: sp-cert.pem\n";

    dir.onlyProblem(yaml, lineOf(yaml, "  ca: sp"), "clientCert.ca", "in one place");
  }

  @Test
  void loadWhenUserDnWithoutPatternThenReported() {
    String yaml = minimalWithRoutes(CERT_ROUTE) + "clientCert:\n  ca: sp-cert.pem\n  user: dn\n";

    dir.onlyProblem(yaml, lineOf(yaml, "user: dn"), "clientCert.user", "needs dnPattern");
  }

  @Test
  void loadWhenDnPatternWithoutCaptureGroupThenReportedAndWithOneAccepted() throws ConfigException {
    String base = minimalWithRoutes(CERT_ROUTE) + "clientCert:\n  ca: sp-cert.pem\n  user: dn\n";
    String none = base + "  dnPattern: 'CN=[^,]+'\n";
    String two = base + "  dnPattern: '(CN)=([^,]+)'\n";

    dir.onlyProblem(
        none, lineOf(none, "dnPattern"), "clientCert.dnPattern", "exactly one capture group");
    dir.onlyProblem(two, lineOf(two, "dnPattern"), "clientCert.dnPattern", "got 2");
    assertThat(dir.load(base + "  dnPattern: '(?:CN)=([^,]+)'\n").clientCert().dnPattern())
        .isNotNull();
  }

  @Test
  void loadWhenDnPatternIsNotARegexThenReportedWithItsPosition() {
    String yaml =
        minimalWithRoutes(CERT_ROUTE)
            + "clientCert:\n  ca: sp-cert.pem\n  user: dn\n  dnPattern: 'CN=(['\n";

    dir.onlyProblem(yaml, lineOf(yaml, "dnPattern"), "clientCert.dnPattern", "regular expression");
  }

  @Test
  void loadWhenDnPatternWithUserCnThenReported() {
    String yaml =
        minimalWithRoutes(CERT_ROUTE) + "clientCert:\n  ca: sp-cert.pem\n  dnPattern: '(.*)'\n";

    dir.onlyProblem(yaml, lineOf(yaml, "dnPattern"), "clientCert.dnPattern", "only used with");
  }

  @Test
  void loadWhenFromProxyWithoutTrustedProxiesThenReportedAndWithThemAccepted()
      throws ConfigException {
    String section =
        "clientCert:\n  ca: sp-cert.pem\n  fromProxy:\n    header: X-SSL-Client-Cert\n"
            + "    format: base64-der\n";
    String yaml = minimalWithRoutes(CERT_ROUTE) + section;

    dir.onlyProblem(
        yaml, lineOf(yaml, "header: X-SSL"), "clientCert.fromProxy.header", "trustedProxies");
    assertThat(
            dir.load(yaml + "proxy: {trustedProxies: [127.0.0.1]}\n")
                .clientCert()
                .fromProxy()
                .format())
        .isEqualTo(ProxyCertFormat.BASE64_DER);
  }

  @Test
  void loadWhenFromProxyFormatUnknownThenReportedWithTheChoices() {
    String yaml =
        minimalWithRoutes(CERT_ROUTE)
            + "proxy: {trustedProxies: [127.0.0.1]}\n"
            + "clientCert:\n  ca: sp-cert.pem\n  fromProxy: {header: X-Cert, format: der}\n";

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "fromProxy"),
        "clientCert.fromProxy.format",
        "one of escaped-pem, base64-der, pem");
  }

  @Test
  void loadWhenTwoHeaderNamesAreOneNameForBackendsThenReported() {
    String yaml =
        minimalWithRoutes(CERT_ROUTE)
            + "clientCert:\n  ca: sp-cert.pem\n  headers:\n    verify: X-Client\n"
            + "    subjectDn: x_client\n";

    dir.onlyProblem(
        yaml, lineOf(yaml, "x_client"), "clientCert.headers.subjectDn", "same name as verify");
  }

  @Test
  void loadWhenIdentityCertificateWithoutClientCertThenReported() {
    String yaml =
        minimalWithRoutes(
                "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\","
                    + " identity: certificate}")
            + "clientCert: {ca: sp-cert.pem}\n";

    dir.onlyProblem(yaml, lineOf(yaml, "identity"), "routes[0].identity", "needs clientCert");
  }

  @Test
  void loadWhenIdentityCertificateOnAuthNoneThenReported() {
    String yaml =
        minimalWithRoutes(
                "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\", auth: none,"
                    + " clientCert: optional, identity: certificate}")
            + "clientCert: {ca: sp-cert.pem}\n";

    dir.onlyProblem(yaml, lineOf(yaml, "identity"), "routes[0].identity", "auth: none");
  }

  @Test
  void loadWhenIdentityMisspeltThenReportedWithTheChoices() {
    String yaml =
        minimalWithRoutes(
                "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\","
                    + " clientCert: optional, identity: cert}")
            + "clientCert: {ca: sp-cert.pem}\n";

    dir.onlyProblem(
        yaml, lineOf(yaml, "identity"), "routes[0].identity", "one of session, certificate");
  }
}
