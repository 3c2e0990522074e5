package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;
import org.spgate.server.testing.NginxProcess;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * A real nginx in front of a real backend, asking a real spgate through {@code auth_request}
 * ({@code {handlerPath}/auth}) with the configuration in {@code examples/forward-auth/nginx.conf}:
 * signed-in users pass with spgate's identity headers, others are sent to spgate's Login and come
 * back to the original URL, access rules refuse with 403, and client-sent identity headers never
 * reach the backend. A second nginx server terminates TLS and passes the client certificate to the
 * check ({@code $ssl_client_escaped_cert}): on {@code identity: certificate} routes spgate decides
 * on it exactly as when proxying and answers the user and {@code SSL_CLIENT_*} for {@code
 * auth_request_set}. Each refusal sits beside an accepted control.
 */
class ForwardAuthNginxTest {

  private static final String ROUTES =
      String.join(
          "\n",
          "  - {path: /app, backend: \"BACKEND\", auth: required}",
          "  - {path: /admin, backend: \"BACKEND\", auth: required, access: admins}",
          "  - {path: /open, backend: \"BACKEND\", auth: none}",
          "  - {path: /cert, backend: \"BACKEND\", clientCert: required, identity: certificate,"
              + " access: alice-cert}",
          "  - {path: /either, backend: \"BACKEND\", auth: required, clientCert: optional,"
              + " identity: certificate}");
  private static final String EXTRA =
      "proxy: {trustedProxies: [127.0.0.1]}\n"
          + "access: {rules: {admins: {attribute: entitlement, values: [\"urn:example:admin\"]},"
          + " alice-cert: {attribute: cert.cn, values: [alice]}}}\n";
  private static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  @TempDir static Path dir;
  private static TestSpGate sp;
  private static RecordingBackend app;
  private static NginxProcess nginx;
  private static int tlsPort;
  private static TestPki pki;
  private static TestPki.Issued alice;
  private static TestPki.Issued bob;
  private static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    alice = pki.issue("CN=alice,O=Example", "EC");
    bob = pki.issue("CN=bob,O=Example", "EC");
    otherCa = new TestPki("other CA").issue("CN=alice,O=Example", "EC");
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    Path serverCert = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(serverCert, serverKey);
    int nginxPort = TestSpGate.freePort();
    String publicUrl = "http://127.0.0.1:" + nginxPort;
    // Held while spgate picks its own port, so that it cannot pick nginx's.
    try (java.net.ServerSocket held =
        new java.net.ServerSocket(nginxPort, 1, java.net.InetAddress.getLoopbackAddress())) {
      sp =
          new TestSpGate(
              Files.createDirectories(dir.resolve("sp")),
              ROUTES,
              EXTRA
                  + "clientCert:\n  ca: "
                  + ca
                  + "\n  fromProxy: {header: X-SSL-Client-Cert, format: escaped-pem}\n",
              new TestIdp(MutableClock.atSystemTime()),
              publicUrl);
      tlsPort = TestSpGate.freePort();
    }
    app = new RecordingBackend();
    Path example =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("examples/forward-auth/nginx.conf");
    String conf =
        Files.readString(example)
            .replace("127.0.0.1:8080", "127.0.0.1:" + sp.port())
            .replace("127.0.0.1:5000", app.url().substring("http://".length()))
            .replace("listen 80;", "listen 127.0.0.1:" + nginxPort + ";");
    conf += tlsServer(tlsPort, serverCert, serverKey, ca);
    nginx = NginxProcess.startHttp(Files.createDirectories(dir.resolve("nginx")), nginxPort, conf);
  }

  /**
   * nginx terminating TLS and asking spgate with the client certificate: the README's lines
   * (section "Forward-auth", client certificates).
   */
  private static String tlsServer(int port, Path cert, Path key, Path ca) {
    return String.join(
        "\n",
        "server {",
        "    listen 127.0.0.1:" + port + " ssl;",
        "    ssl_certificate " + cert + ";",
        "    ssl_certificate_key " + key + ";",
        "    ssl_client_certificate " + ca + ";",
        "    ssl_verify_client optional_no_ca;",
        "    location = /Shibboleth.sso/auth {",
        "        internal;",
        "        proxy_pass http://spgate;",
        "        proxy_pass_request_body off;",
        "        proxy_set_header Content-Length \"\";",
        "        proxy_set_header X-Original-URI $request_uri;",
        "        proxy_set_header X-Forwarded-Uri \"\";",
        "        proxy_set_header X-Forwarded-Host $http_host;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        proxy_set_header X-Forwarded-For $remote_addr;",
        "        proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;",
        "    }",
        "    location @login {",
        "        return 302 $scheme://$http_host/Shibboleth.sso/Login?target="
            + "$scheme://$http_host$request_uri;",
        "    }",
        "    location / {",
        "        auth_request /Shibboleth.sso/auth;",
        "        error_page 401 = @login;",
        "        auth_request_set $spg_user   $upstream_http_remote_user;",
        "        auth_request_set $spg_verify $upstream_http_ssl_client_verify;",
        "        auth_request_set $spg_s_dn   $upstream_http_ssl_client_s_dn;",
        "        proxy_set_header Remote-User       $spg_user;",
        "        proxy_set_header SSL_CLIENT_VERIFY $spg_verify;",
        "        proxy_set_header SSL_CLIENT_S_DN   $spg_s_dn;",
        "        proxy_pass http://app;",
        "    }",
        "}",
        "");
  }

  @AfterAll
  static void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (app != null) {
      app.close();
    }
    if (sp != null) {
      sp.close();
    }
  }

  @BeforeEach
  void forget() {
    app.clear();
  }

  private static HttpResponse<String> viaNginx(String path, String... headers) throws Exception {
    return get(nginx.url(path), headers);
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return sp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A real login (minted Response, posted to the ACS) starting at nginx's redirect for a path. */
  private static String login(String path, String... entitlements) throws Exception {
    HttpResponse<String> denied = viaNginx(path);
    assertThat(denied.statusCode()).isEqualTo(302);
    HttpResponse<String> start = get(denied.headers().firstValue("Location").orElseThrow());
    StartedLogin login =
        TestSpGate.parseLoginRedirect(start.headers().firstValue("Location").orElseThrow());
    var spec = sp.responseTo(login);
    if (entitlements.length > 0) {
      spec.attribute(ENTITLEMENT, entitlements);
    }
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    return TestSpGate.cookieOf(acs);
  }

  @Test
  void noSessionThenNginxSendsToLoginAndTheLoginReturnsToTheOriginalUrl() throws Exception {
    HttpResponse<String> first = viaNginx("/app/page?a=1&b=x%26y");
    assertThat(first.statusCode()).isEqualTo(302);
    String location = first.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .isEqualTo(nginx.url("/Shibboleth.sso/Login?target=" + nginx.url("/app/page?a=1&b=x%26y")));
    assertThat(app.isEmpty()).isTrue();

    HttpResponse<String> start = get(location);
    assertThat(start.statusCode()).isEqualTo(302);
    StartedLogin login =
        TestSpGate.parseLoginRedirect(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(sp.responseTo(login)), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(nginx.url("/app/page?a=1&b=x%26y"));

    HttpResponse<String> back =
        get(acs.headers().firstValue("Location").orElseThrow(), "Cookie", TestSpGate.cookieOf(acs));
    assertThat(back.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = app.take();
    assertThat(received.uri()).isEqualTo("/app/page?a=1&b=x%26y");
    assertThat(received.get("Remote-User")).isEqualTo("alice@example.org");
    assertThat(received.get("Shib-Identity-Provider")).isEqualTo(TestIdp.ENTITY_ID);
  }

  @Test
  void accessRuleRefusesUserThen403AndAUserMeetingItPasses() throws Exception {
    String alice = login("/app/a");
    HttpResponse<String> refused = viaNginx("/admin/x", "Cookie", alice);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(app.isEmpty()).isTrue();

    String admin = login("/app/b", "urn:example:admin");
    HttpResponse<String> allowed = viaNginx("/admin/x", "Cookie", admin);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(app.take().get("entitlement")).isEqualTo("urn:example:admin");
  }

  @Test
  void spoofedIdentityHeadersFromTheClientNeverReachTheBackend() throws Exception {
    String[] spoofed = {
      "Remote-User", "mallory",
      "eppn", "mallory@evil.test",
      "entitlement", "urn:example:admin",
      "Shib-Identity-Provider", "https://evil.test/idp",
      "remote_user", "mallory"
    };
    String alice = login("/app/c");
    String[] withCookie = new String[spoofed.length + 2];
    System.arraycopy(spoofed, 0, withCookie, 0, spoofed.length);
    withCookie[spoofed.length] = "Cookie";
    withCookie[spoofed.length + 1] = alice;
    assertThat(viaNginx("/app/x", withCookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received signedIn = app.take();
    assertThat(signedIn.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(signedIn.all("eppn")).containsExactly("alice@example.org");
    assertThat(signedIn.all("Shib-Identity-Provider")).containsExactly(TestIdp.ENTITY_ID);
    assertThat(signedIn.all("entitlement")).isEmpty();
    assertThat(signedIn.all("remote_user")).isEmpty();

    // Anonymous on an open route: nothing of the client's claims arrives either.
    assertThat(viaNginx("/open/x", spoofed).statusCode()).isEqualTo(200);
    RecordingBackend.Received anonymous = app.take();
    assertThat(anonymous.all("Remote-User")).isEmpty();
    assertThat(anonymous.all("eppn")).isEmpty();
    assertThat(anonymous.all("Shib-Identity-Provider")).isEmpty();

    // A client-sent X-Forwarded-Uri naming an open route does not open a refused one.
    assertThat(viaNginx("/admin/x", "Cookie", alice, "X-Forwarded-Uri", "/open").statusCode())
        .isEqualTo(403);
  }

  @Test
  void originalUriFromAnUntrustedPeerIsIgnoredAndFromTheTrustedOneUsed() throws Exception {
    String request = "GET /Shibboleth.sso/auth HTTP/1.1\r\nX-Original-URI: /open/x\r\n";
    assertThat(rawFrom("127.0.0.1", request)).startsWith("HTTP/1.1 200");
    String untrusted = rawFrom("127.0.0.2", request);
    assertThat(untrusted).startsWith("HTTP/1.1 400").contains("SPG-86");
  }

  @Test
  void disagreeingOriginalUrlHeadersAreRefusedAndAgreeingOnesAccepted() throws Exception {
    String agreeing =
        "GET /Shibboleth.sso/auth HTTP/1.1\r\nX-Original-URI: /open/x\r\n"
            + "X-Forwarded-Uri: /open/x\r\n";
    assertThat(rawFrom("127.0.0.1", agreeing)).startsWith("HTTP/1.1 200");
    String disagreeing =
        "GET /Shibboleth.sso/auth HTTP/1.1\r\nX-Original-URI: /app/x\r\n"
            + "X-Forwarded-Uri: /open/x\r\n";
    assertThat(rawFrom("127.0.0.1", disagreeing)).startsWith("HTTP/1.1 400").contains("SPG-87");
  }

  @Test
  void authEndpointWithoutSessionOnRequiredRouteThen401NotARedirect() throws Exception {
    String request = "GET /Shibboleth.sso/auth HTTP/1.1\r\nX-Original-URI: /app/x\r\n";
    String answer = rawFrom("127.0.0.1", request);
    assertThat(answer).startsWith("HTTP/1.1 401").contains("SPG-76").doesNotContain("Location:");
    assertThat(rawFrom("127.0.0.1", request.replace("/app/x", "/open/x")))
        .startsWith("HTTP/1.1 200");
  }

  private static HttpResponse<String> viaTls(SSLContext tls, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort + path));
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
  void certificateAtTheCheckThenTheUserAndItsDnReachTheApp() throws Exception {
    HttpResponse<String> response = viaTls(pki.clientContext(alice), "/cert/x");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = app.take();
    assertThat(received.all("Remote-User")).containsExactly("alice");
    assertThat(received.get("SSL_CLIENT_VERIFY")).isEqualTo("SUCCESS");
    assertThat(received.get("SSL_CLIENT_S_DN")).isEqualTo("CN=alice,O=Example");
  }

  @Test
  void withoutAVerifiedCertificateOnARequiredRouteThenRefusedAsWhenProxying() throws Exception {
    assertThat(viaTls(pki.clientContext(), "/cert/x").statusCode()).isEqualTo(403);
    assertThat(viaTls(pki.clientContext(otherCa), "/cert/x").statusCode()).isEqualTo(403);
    // A client-sent certificate header is replaced by nginx's (empty without a certificate).
    String escaped = URLEncoder.encode(TestPki.pem(alice.certificate()), StandardCharsets.US_ASCII);
    assertThat(viaTls(pki.clientContext(), "/cert/x", "X-SSL-Client-Cert", escaped).statusCode())
        .isEqualTo(403);
    assertThat(app.isEmpty()).isTrue();
  }

  @Test
  void certificateFailingTheRouteRuleOnCertAttributesThen403() throws Exception {
    assertThat(viaTls(pki.clientContext(bob), "/cert/x").statusCode()).isEqualTo(403);
    assertThat(app.isEmpty()).isTrue();
    assertThat(viaTls(pki.clientContext(alice), "/cert/x").statusCode()).isEqualTo(200);
    assertThat(app.take().get("Remote-User")).isEqualTo("alice");
  }

  @Test
  void optionalCertificateRouteWithoutOneThenLoginAndWithOneThePass() throws Exception {
    HttpResponse<String> login = viaTls(pki.clientContext(), "/either/x");
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow())
        .startsWith("https://127.0.0.1:" + tlsPort + "/Shibboleth.sso/Login?target=");
    assertThat(app.isEmpty()).isTrue();

    HttpResponse<String> passed = viaTls(pki.clientContext(alice), "/either/x");
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(app.take().get("Remote-User")).isEqualTo("alice");
  }

  /** One request straight to spgate from a socket bound to {@code localAddress}. */
  private static String rawFrom(String localAddress, String head) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", sp.port()), 5000);
      socket.setSoTimeout(10_000);
      String request = head + "Host: 127.0.0.1:" + sp.port() + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
