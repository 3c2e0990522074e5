package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.HaproxyProcess;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * A real HAProxy terminating TLS in front of spgate, with the README's lines: {@code verify
 * optional} with {@code ca-ignore-err all crt-ignore-err all} asks for a certificate and lets any
 * through, {@code set-header X-SSL-Client-Cert %[ssl_c_der,base64]} passes it as base64 DER; spgate
 * trusts HAProxy's address, reads {@code format: base64-der} and verifies the certificate against
 * its own CA bundle, so a certificate HAProxy let through unchecked is still refused.
 */
class ClientCertHaproxyTest {

  /** The README's HAProxy lines after {@code bind} (section "Behind a TLS-terminating proxy"). */
  static final String README_LINES =
      String.join(
          "\n",
          "    http-request del-header X-SSL-Client-Cert",
          "    http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64] if { ssl_c_used }");

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate sp;
  static HaproxyProcess haproxy;
  static TestPki.Issued alice;
  static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    alice = pki.issue("CN=alice,O=Example", "EC");
    otherCa = new TestPki("other CA").issue("CN=alice,O=Example", "EC");
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    // HAProxy's crt: the certificate and its key in one PEM file.
    TestPki.Issued server = pki.issue("CN=sp.test", "EC");
    Path serverPem = dir.resolve("server.pem");
    Files.writeString(serverPem, TestPki.pem(server.certificate()) + TestPki.pem(server.key()));
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("spgate")),
            "  - {path: /cert, backend: \"BACKEND\", clientCert: required,"
                + " identity: certificate}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "proxy: {trustedProxies: [127.0.0.1]}\n"
                + "clientCert:\n  ca: "
                + ca
                + "\n  fromProxy: {header: X-SSL-Client-Cert, format: base64-der}\n");
    int port = TestSpGate.freePort();
    haproxy =
        HaproxyProcess.start(
            dir.resolve("haproxy"),
            port,
            String.join(
                "\n",
                "frontend www",
                "    bind 127.0.0.1:"
                    + port
                    + " ssl crt "
                    + serverPem
                    + " ca-file "
                    + ca
                    + " verify optional ca-ignore-err all crt-ignore-err all",
                README_LINES,
                "    default_backend spgate",
                "backend spgate",
                "    server spgate 127.0.0.1:" + sp.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
    if (sp != null) {
      sp.close();
    }
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  private static HttpResponse<String> viaHaproxy(SSLContext tls, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + haproxy.port + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void certificateThroughHaproxyThenVerifiedBySpgateAndTheUser() throws Exception {
    HttpResponse<String> response = viaHaproxy(pki.clientContext(alice), "/cert/x");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("Remote-User")).containsExactly("alice");
    assertThat(received.get("SSL_CLIENT_VERIFY")).isEqualTo("SUCCESS");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,O=Example");
    assertThat(received.get("SSL_CLIENT_I_DN")).isEqualTo("CN=client CA");
    assertThat(received.all("X-SSL-Client-Cert")).isEmpty();
  }

  @Test
  void certificateOfAnotherCaThatHaproxyLetThroughThenRefusedBySpgate() throws Exception {
    HttpResponse<String> response = viaHaproxy(pki.clientContext(otherCa), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void clientSendingTheHeaderWithoutACertificateThenHaproxyDropsItAndSpgateRefuses()
      throws Exception {
    String der = Base64.getEncoder().encodeToString(alice.certificate().getEncoded());

    HttpResponse<String> refused =
        viaHaproxy(pki.clientContext(), "/cert/x", "X-SSL-Client-Cert", der);
    // HAProxy passes a spelling with '_' on (it is another name to it); spgate removes it.
    HttpResponse<String> variant =
        viaHaproxy(pki.clientContext(), "/cert/x", "X_SSL_Client_Cert", der);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("SPG-85");
    assertThat(variant.statusCode()).isEqualTo(403);
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void clientSendingTheHeaderBesideItsOwnCertificateThenOnlyItsOwnCounts() throws Exception {
    String other = Base64.getEncoder().encodeToString(otherCa.certificate().getEncoded());

    HttpResponse<String> response =
        viaHaproxy(pki.clientContext(alice), "/cert/x", "X-SSL-Client-Cert", other);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(sp.backend.take().all("Remote-User")).containsExactly("alice");
  }
}
