package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.NginxProcess;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * A real nginx terminating TLS in front of spgate, with the README's set-up: {@code
 * ssl_verify_client optional_no_ca} asks browsers for a certificate and {@code proxy_set_header
 * X-SSL-Client-Cert $ssl_client_escaped_cert} passes it; spgate trusts nginx's address, reads the
 * escaped PEM and verifies it against its own CA bundle, so a certificate nginx let through
 * unchecked is still refused.
 */
class ClientCertNginxTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate sp;
  static NginxProcess nginx;
  static TestPki.Issued alice;
  static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    alice = pki.issue("CN=alice,O=Example", "EC");
    // Another CA's name: nginx's optional_no_ca passes an unknown issuer on, not a bad signature.
    otherCa = new TestPki("other CA").issue("CN=alice,O=Example", "EC");
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    Path serverCert = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(serverCert, serverKey);
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("spgate")),
            "  - {path: /cert, backend: \"BACKEND\", clientCert: required,"
                + " identity: certificate}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "proxy: {trustedProxies: [127.0.0.1]}\n"
                + "clientCert:\n  ca: "
                + ca
                + "\n  fromProxy: {header: X-SSL-Client-Cert, format: escaped-pem}\n");
    int port = TestSpGate.freePort();
    nginx =
        NginxProcess.startHttp(
            Files.createDirectories(dir.resolve("nginx")),
            port,
            String.join(
                "\n",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + serverCert + ";",
                "    ssl_certificate_key " + serverKey + ";",
                "    ssl_client_certificate " + ca + ";",
                "    ssl_verify_client optional_no_ca;",
                "    location / {",
                "      proxy_pass http://127.0.0.1:" + sp.port() + ";",
                "      proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;",
                "    }",
                "  }"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (sp != null) {
      sp.close();
    }
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  private static HttpResponse<String> viaNginx(SSLContext tls, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nginx.port + path));
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
  void certificateThroughNginxThenVerifiedBySpgateAndTheUser() throws Exception {
    HttpResponse<String> response = viaNginx(pki.clientContext(alice), "/cert/x");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("Remote-User")).containsExactly("alice");
    assertThat(received.get("SSL_CLIENT_VERIFY")).isEqualTo("SUCCESS");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,O=Example");
    assertThat(received.all("X-SSL-Client-Cert")).isEmpty();
  }

  @Test
  void certificateOfAnotherCaThatNginxLetThroughThenRefusedBySpgate() throws Exception {
    HttpResponse<String> response = viaNginx(pki.clientContext(otherCa), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void clientSendingTheHeaderWithoutACertificateThenNginxDropsItAndSpgateRefuses()
      throws Exception {
    String escaped = ClientCertFromProxyHttpTest.nginxEscaped(alice.certificate());

    HttpResponse<String> response =
        viaNginx(pki.clientContext(), "/cert/x", "X-SSL-Client-Cert", escaped);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }
}
