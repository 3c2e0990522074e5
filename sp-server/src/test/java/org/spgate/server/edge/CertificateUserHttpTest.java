package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * Where the user of a certificate identity comes from ({@code clientCert.user}): the first e-mail
 * of the subject alternative names (else the DN's emailAddress), or the capture group of {@code
 * dnPattern} in the subject DN; each beside a certificate that names no user there (SPG-97). The
 * subject CN is {@link CertificateIdentityHttpTest}'s.
 */
class CertificateUserHttpTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate byEmail;
  static TestSpGate byDn;
  static TestPki.Issued alice;
  static TestPki.Issued dnEmailOnly;
  static TestPki.Issued guest;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(cert, key);
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    alice =
        pki.issueWithEmails(
            "CN=Alice Example,OU=Staff,O=Example", "alice@example.org", "a@example.org");
    dnEmailOnly = pki.issue("EMAILADDRESS=carol@example.org,CN=Carol,OU=Staff,O=Example", "RSA");
    guest = pki.issue("CN=guest,OU=Guests,O=Example", "RSA");
    String routes =
        "  - {path: /, backend: \"BACKEND\", clientCert: required, identity: certificate}";
    String tls = "{cert: " + cert + ", key: " + key + ", clientCa: " + ca + "}";
    byEmail = TestSpGate.tls(sub("email"), routes, tls, "clientCert: {user: email}\n");
    byDn =
        TestSpGate.tls(
            sub("dn"),
            routes,
            tls,
            "clientCert: {user: dn, dnPattern: '^CN=([^,]+),OU=Staff,O=Example$'}\n");
  }

  private static Path sub(String name) throws Exception {
    return Files.createDirectories(dir.resolve(name));
  }

  @AfterAll
  static void stop() {
    if (byEmail != null) {
      byEmail.close();
    }
    if (byDn != null) {
      byDn.close();
    }
  }

  private static HttpResponse<String> get(TestSpGate sp, TestPki.Issued client) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(pki.clientContext(client))
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(sp.url("/x"))).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void userEmailWhenSubjectAlternativeNamesHoldEmailsThenTheFirstIsRemoteUser() throws Exception {
    HttpResponse<String> response = get(byEmail, alice);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(byEmail.backend.take().all("Remote-User")).containsExactly("alice@example.org");
  }

  @Test
  void userEmailWhenOnlyTheDnHasAnEmailAddressThenItIsRemoteUser() throws Exception {
    HttpResponse<String> response = get(byEmail, dnEmailOnly);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(byEmail.backend.take().all("Remote-User")).containsExactly("carol@example.org");
  }

  @Test
  void userEmailWhenCertificateHasNoEmailThenRefusedWithSpg97() throws Exception {
    HttpResponse<String> response = get(byEmail, guest);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-97");
    assertThat(byEmail.backend.isEmpty()).isTrue();
  }

  @Test
  void userDnWhenPatternFindsItsGroupThenTheGroupIsRemoteUser() throws Exception {
    HttpResponse<String> response = get(byDn, alice);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(byDn.backend.take().all("Remote-User")).containsExactly("Alice Example");
  }

  @Test
  void userDnWhenPatternDoesNotMatchTheDnThenRefusedWithSpg97() throws Exception {
    HttpResponse<String> response = get(byDn, guest);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-97");
    assertThat(byDn.backend.isEmpty()).isTrue();
  }
}
