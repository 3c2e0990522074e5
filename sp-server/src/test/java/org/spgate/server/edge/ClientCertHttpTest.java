package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * Client certificates minted at test time (valid, expired, revoked by CRL, of another CA, none)
 * against routes with {@code clientCert: required}, {@code optional} and {@code none}: the DN
 * reaches the backend only for a valid certificate, and client-sent SSL_CLIENT_* headers never do.
 */
class ClientCertHttpTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate sp;
  static TestPki.Issued valid;
  static TestPki.Issued expired;
  static TestPki.Issued revoked;
  static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(cert, key);
    Path ca = dir.resolve("client-ca.pem");
    java.nio.file.Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    valid = pki.issue("CN=alice,O=Example,C=DE", "RSA");
    Instant now = Instant.now();
    expired =
        pki.issue(
            "CN=old,O=Example",
            "EC",
            now.minus(Duration.ofDays(30)),
            now.minus(Duration.ofDays(1)));
    revoked = pki.issue("CN=mallory,O=Example", "RSA");
    otherCa = new TestPki("client CA").issue("CN=alice,O=Example,C=DE", "RSA");
    Path crl = dir.resolve("client-ca.crl");
    pki.writeCrl(crl, revoked.certificate().getSerialNumber());
    sp =
        TestSpGate.tls(
            dir,
            "  - {path: /required, backend: \"BACKEND\", auth: none, clientCert: required}\n"
                + "  - {path: /Secure, backend: \"BACKEND\", auth: none, clientCert: required}\n"
                + "  - {path: /optional, backend: \"BACKEND\", auth: none, clientCert: optional}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "{cert: " + cert + ", key: " + key + ", clientCa: " + ca + ", clientCrl: " + crl + "}");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  private static HttpResponse<String> get(SSLContext tls, String path, String... headers)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sp.url(path)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every header the backend received whose name is some spelling of {@code SSL_CLIENT_*}. */
  private static Map<String, List<String>> clientCertHeaders(RecordingBackend.Received received) {
    Map<String, List<String>> found = new java.util.TreeMap<>();
    received
        .headers()
        .forEach(
            (name, values) -> {
              String normal = name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
              if (normal.startsWith("ssl-client-")) {
                found.put(name, values);
              }
            });
    return found;
  }

  @Test
  void validCertificateOnRequiredRouteThenBackendGetsItsVariables() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(valid), "/required/x");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.get("SSL_CLIENT_VERIFY")).isEqualTo("SUCCESS");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,O=Example,C=DE");
    assertThat(received.get("SSL_CLIENT_I_DN")).isEqualTo("CN=client CA");
    assertThat(received.get("SSL_CLIENT_M_SERIAL"))
        .isEqualTo(valid.certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
    assertThat(received.get("SSL_CLIENT_V_END"))
        .matches("[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\d{4} GMT")
        .endsWith(
            " "
                + valid
                    .certificate()
                    .getNotAfter()
                    .toInstant()
                    .atZone(java.time.ZoneOffset.UTC)
                    .getYear()
                + " GMT");
    assertThat(received.get("SSL_CLIENT_CERT"))
        .startsWith("-----BEGIN CERTIFICATE----- MII")
        .endsWith(" -----END CERTIFICATE-----");
  }

  @Test
  void spoofedVariablesWithValidCertificateThenOnlySpgatesReachBackend() throws Exception {
    HttpResponse<String> response =
        get(
            pki.clientContext(valid),
            "/required/x",
            "SSL_CLIENT_S_DN",
            "CN=admin",
            "ssl-client-s-dn",
            "CN=admin",
            "Ssl.Client.Verify",
            "SUCCESS",
            "SSL_CLIENT_EXTRA",
            "x");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, List<String>> headers = clientCertHeaders(sp.backend.take());
    assertThat(headers.keySet())
        .allSatisfy(name -> assertThat(name).isEqualTo(name.toUpperCase(Locale.ROOT)));
    assertThat(headers.get("SSL_CLIENT_S_DN")).containsExactly("CN=alice,O=Example,C=DE");
    assertThat(headers).doesNotContainKey("SSL_CLIENT_EXTRA").hasSize(6);
  }

  @Test
  void spoofedVariablesOnRouteWithoutClientCertificatesThenRemoved() throws Exception {
    HttpResponse<String> response =
        get(
            pki.clientContext(),
            "/plain",
            "SSL_CLIENT_S_DN",
            "CN=admin",
            "SSL-Client-Verify",
            "SUCCESS");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.uri()).isEqualTo("/plain");
    assertThat(clientCertHeaders(received)).isEmpty();
  }

  @Test
  void expiredCertificateOnRequiredRouteThenRefusedWithReasonCode() throws Exception {
    assertRefused(pki.clientContext(expired));
  }

  @Test
  void revokedCertificateOnRequiredRouteThenRefused() throws Exception {
    assertRefused(pki.clientContext(revoked));
  }

  @Test
  void certificateOfAnotherCaWithSameDnThenRefused() throws Exception {
    assertRefused(pki.clientContext(otherCa));
  }

  @Test
  void noCertificateOnRequiredRouteThenRefused() throws Exception {
    assertRefused(pki.clientContext());
  }

  private static void assertRefused(SSLContext tls) throws Exception {
    HttpResponse<String> response =
        get(tls, "/required/x", "SSL_CLIENT_S_DN", "CN=alice,O=Example,C=DE");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void caseVariantOfRequiredRouteWithoutCertificateThenRefused() throws Exception {
    // "/secure" matches "/" exactly, but a case-insensitive backend would serve "/Secure".
    HttpResponse<String> refused = get(pki.clientContext(), "/secure/x");
    HttpResponse<String> allowed = get(pki.clientContext(valid), "/secure/x");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(allowed.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.uri()).isEqualTo("/secure/x");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,O=Example,C=DE");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void noCertificateOnOptionalRouteThenPassesWithVerifyNone() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(), "/optional/x");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, List<String>> headers = clientCertHeaders(sp.backend.take());
    assertThat(headers).containsOnlyKeys("SSL_CLIENT_VERIFY");
    assertThat(headers.get("SSL_CLIENT_VERIFY")).containsExactly("NONE");
  }

  @Test
  void revokedCertificateOnOptionalRouteThenPassesWithVerifyFailedAndNoDn() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(revoked), "/optional/x");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, List<String>> headers = clientCertHeaders(sp.backend.take());
    assertThat(headers).containsOnlyKeys("SSL_CLIENT_VERIFY");
    assertThat(headers.get("SSL_CLIENT_VERIFY")).containsExactly("FAILED");
  }

  @Test
  void apacheDnFormatThenSlashFormMostSignificantFirst() {
    CertificateReader stage = reader(true);
    CertificateReader rfc = reader(false);
    X500Principal dn = new X500Principal("CN=alice,O=Example,C=DE");

    assertThat(stage.dn(dn)).isEqualTo("/C=DE/O=Example/CN=alice");
    assertThat(rfc.dn(dn)).isEqualTo("CN=alice,O=Example,C=DE");
  }

  private static CertificateReader reader(boolean apacheDn) {
    return new CertificateReader(
        new org.spgate.core.config.ClientCertConfig(
            null,
            null,
            apacheDn,
            org.spgate.core.config.ClientCertConfig.CertificateUser.CN,
            null,
            null,
            org.spgate.core.config.ClientCertConfig.Headers.MOD_SSL));
  }
}
