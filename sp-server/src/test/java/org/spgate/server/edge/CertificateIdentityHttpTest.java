package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * A verified TLS client certificate as the user ({@code identity: certificate}) on spgate's own TLS
 * listener, certificates minted at test time: Remote-User from the subject CN without a session,
 * access rules on {@code cert.*} attributes, routes without {@code identity: certificate} still
 * needing a SAML session, and a SAML session beside a certificate (the session is the user, rules
 * also see the certificate).
 */
class CertificateIdentityHttpTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate sp;
  static TestPki.Issued alice;
  static TestPki.Issued bob;
  static TestPki.Issued noCn;
  static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(cert, key);
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    alice = pki.issueWithEmails("CN=alice,OU=Staff,O=Example", "alice@staff.example.org");
    bob = pki.issueWithEmails("CN=bob,OU=Guests,O=Example", "bob@guest.example.org");
    noCn = pki.issue("OU=Robots,O=Example", "RSA");
    otherCa = new TestPki("client CA").issue("CN=alice,OU=Staff,O=Example", "RSA");
    sp =
        TestSpGate.tls(
            dir,
            "  - {path: /cert, backend: \"BACKEND\", clientCert: required,"
                + " identity: certificate}\n"
                + "  - {path: /staff, backend: \"BACKEND\", clientCert: required,"
                + " identity: certificate, access: staff}\n"
                + "  - {path: /either, backend: \"BACKEND\", clientCert: optional,"
                + " identity: certificate}\n"
                + "  - {path: /saml, backend: \"BACKEND\", clientCert: optional}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "{cert: " + cert + ", key: " + key + ", clientCa: " + ca + "}",
            "access: {rules: {staff: {attribute: cert.email,"
                + " emailDomains: [staff.example.org]}}}\n");
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
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sp.url(path)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client(tls).send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void certificateRouteWhenVerifiedCertificateWithoutSessionThenRemoteUserIsItsCn()
      throws Exception {
    HttpResponse<String> response = get(pki.clientContext(alice), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("Remote-User")).containsExactly("alice");
    assertThat(received.get("SSL_CLIENT_VERIFY")).isEqualTo("SUCCESS");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,OU=Staff,O=Example");
    assertThat(received.all("Shib-Session-ID")).isEmpty();
  }

  @Test
  void certificateRouteWhenClientSendsRemoteUserThenOnlyTheCertificatesUserArrives()
      throws Exception {
    HttpResponse<String> response =
        get(pki.clientContext(bob), "/cert/x", "Remote-User", "alice", "remote_user", "admin");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("Remote-User")).containsExactly("bob");
    assertThat(received.all("remote_user")).isEmpty();
  }

  @Test
  void certificateRouteWhenNoCertificateThenRefusedWithSpg85() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void certificateRouteWhenCertificateOfAnotherCaWithSameDnThenRefusedWithSpg85() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(otherCa), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void certificateRouteWhenCertificateHasNoCnThenRefusedWithSpg97() throws Exception {
    HttpResponse<String> response = get(pki.clientContext(noCn), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-97");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void ruleOnCertificateEmailWhenStaffDomainThenAllowedAndGuestGetsAccessDenied() throws Exception {
    HttpResponse<String> allowed = get(pki.clientContext(alice), "/staff/x");
    HttpResponse<String> denied = get(pki.clientContext(bob), "/staff/x");

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().all("Remote-User")).containsExactly("alice");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("SPG-75").contains("cert.email");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void optionalCertificateRouteWhenNoCertificateThenLoginAndWithCertificateServed()
      throws Exception {
    HttpResponse<String> login = get(pki.clientContext(), "/either/x");
    HttpResponse<String> served = get(pki.clientContext(alice), "/either/x");

    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).contains("SAMLRequest="));
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().all("Remote-User")).containsExactly("alice");
  }

  @Test
  void sessionIdentityRouteWhenVerifiedCertificateWithoutSessionThenStillLogin() throws Exception {
    // The same certificate is a user on /either (identity: certificate), not on /saml.
    HttpResponse<String> response = get(pki.clientContext(alice), "/saml/x");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).contains("SAMLRequest="));
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void sessionAndCertificateThenSessionIsRemoteUserAndRuleSeesTheCertificate() throws Exception {
    String aliceCookie = login(pki.clientContext(alice));
    String bobCookie = login(pki.clientContext(bob));

    HttpResponse<String> allowed = get(pki.clientContext(alice), "/staff/x", "Cookie", aliceCookie);
    RecordingBackend.Received received = sp.backend.take();
    // The session's user (eppn) wins over the certificate's CN; the certificate is still sent.
    HttpResponse<String> denied = get(pki.clientContext(bob), "/staff/x", "Cookie", bobCookie);

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,OU=Staff,O=Example");
    assertThat(received.all("Shib-Session-ID")).hasSize(1);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("SPG-75");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  /** A SAML login over TLS presenting {@code tls}'s certificate; returns "name=value". */
  private static String login(SSLContext tls) throws Exception {
    HttpClient client = client(tls);
    HttpResponse<String> redirect =
        client.send(
            HttpRequest.newBuilder(URI.create(sp.url("/saml/x"))).build(),
            HttpResponse.BodyHandlers.ofString());
    TestSpGate.StartedLogin login =
        TestSpGate.parseLoginRedirect(redirect.headers().firstValue("Location").orElseThrow());
    String form =
        "SAMLResponse="
            + URLEncoder.encode(sp.idp.mint(sp.responseTo(login)), StandardCharsets.UTF_8)
            + "&RelayState="
            + URLEncoder.encode(login.relayState(), StandardCharsets.UTF_8);
    HttpResponse<String> acs =
        client.send(
            HttpRequest.newBuilder(URI.create(sp.url("/Shibboleth.sso/SAML2/POST")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
    return TestSpGate.cookieOf(acs);
  }
}
