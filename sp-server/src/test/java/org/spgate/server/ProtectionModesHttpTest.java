package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.testing.TestIdp;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * The three protection modes over HTTP, the seed use case "protect only /login", explicit login,
 * the return to a POSTed URL, and logout.
 */
class ProtectionModesHttpTest {

  @TempDir static Path dir;

  /** /login required, /public none, / optional. */
  static TestSpGate sp;

  /** / required. */
  static TestSpGate all;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            Files.createDirectory(dir.resolve("a")),
            "  - {path: /login, backend: \"BACKEND\", auth: required}\n"
                + "  - {path: /public, backend: \"BACKEND\", auth: none}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: optional}",
            "");
    all = new TestSpGate(Files.createDirectory(dir.resolve("b")));
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
    all.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
    all.close();
  }

  @Test
  void requiredRouteWhenNoSessionThenRedirectsToIdpAndBackendSeesNothing() throws Exception {
    HttpResponse<String> response = sp.get("/login");
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow())
        .startsWith("https://idp.test.example/");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void requiredRouteWhenSessionThenProxiedWithIdentity() throws Exception {
    String cookie = sp.login("/login", s -> {});
    assertThat(sp.get("/login/x", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().get("eppn")).isEqualTo("alice@example.org");
  }

  @Test
  void optionalRouteWhenNoSessionThenPassesThroughWithoutIdentity() throws Exception {
    HttpResponse<String> response = sp.get("/home");
    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.uri()).isEqualTo("/home");
    assertThat(received.all("eppn")).isEmpty();
    assertThat(received.all("Remote-User")).isEmpty();
    assertThat(received.all("Shib-Session-ID")).isEmpty();
  }

  @Test
  void optionalRouteWhenSessionThenSendsIdentity() throws Exception {
    String cookie = sp.login("/login", s -> {});
    assertThat(sp.get("/home", "Cookie", cookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("eppn")).containsExactly("alice@example.org");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(received.get("Shib-Session-ID")).isNotNull();
  }

  @Test
  void noneRouteWhenSessionThenNeverSendsIdentity() throws Exception {
    String cookie = sp.login("/login", s -> {});
    assertThat(sp.get("/public/page", "Cookie", cookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("eppn")).isEmpty();
    assertThat(received.all("mail")).isEmpty();
    assertThat(received.all("Remote-User")).isEmpty();
    assertThat(received.all("Shib-Session-ID")).isEmpty();
    assertThat(received.all("Shib-Identity-Provider")).isEmpty();
  }

  @Test
  void loginEndpointWhenTargetIsPathThenLandsOnTarget() throws Exception {
    HttpResponse<String> redirect = sp.get("/Shibboleth.sso/Login?target=/x");
    assertThat(redirect.statusCode()).isEqualTo(302);
    StartedLogin login =
        TestSpGate.parseLoginRedirect(redirect.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(sp.responseTo(login)), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(sp.url("/x"));
  }

  @Test
  void loginEndpointWhenTargetIsOtherOriginThenRefused() throws Exception {
    HttpResponse<String> response = sp.get("/Shibboleth.sso/Login?target=https://evil.test/");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("SPG-40");
  }

  @Test
  void protectedPostWhenNoSessionThenLoginAndReturnToSameUrlAsGet() throws Exception {
    HttpResponse<String> first =
        all.send(
            all.request("/app/form?step=2")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=1"))
                .build());
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(all.backend.isEmpty()).isTrue();
    StartedLogin login =
        TestSpGate.parseLoginRedirect(first.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> acs = all.postAcs(all.idp.mint(all.responseTo(login)), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(all.url("/app/form?step=2"));
    String cookie = TestSpGate.cookieOf(acs);
    assertThat(all.get("/app/form?step=2", "Cookie", cookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = all.backend.take();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.uri()).isEqualTo("/app/form?step=2");
  }

  @Test
  void logoutWhenSessionThenClearsCookieAndEndsSession() throws Exception {
    String cookie = all.login("/", s -> {});
    assertThat(all.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);
    all.backend.take();
    long before = all.runtime.sessions().size();

    HttpResponse<String> logout = all.get("/Shibboleth.sso/Logout", "Cookie", cookie);
    // The test IdP lists an SLO endpoint: the browser goes on there (SpLogoutHttpTest).
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location").orElseThrow())
        .startsWith(TestIdp.SLO_URL + "?SAMLRequest=");
    String cleared = logout.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cleared)
        .startsWith(cookie.substring(0, cookie.indexOf('=') + 1) + ";")
        .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(all.runtime.sessions().size()).isEqualTo(before - 1);

    HttpResponse<String> again = all.get("/", "Cookie", cookie);
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(all.backend.isEmpty()).isTrue();
  }

  @Test
  void logoutWhenReturnIsPathThenRedirects() throws Exception {
    HttpResponse<String> logout = all.get("/Shibboleth.sso/Logout?return=/bye");
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location")).hasValue(all.url("/bye"));
  }

  @Test
  void logoutWhenReturnIsOtherOriginThenRefusedAndSessionKept() throws Exception {
    String cookie = all.login("/", s -> {});
    HttpResponse<String> logout =
        all.get("/Shibboleth.sso/Logout?return=https://evil.test", "Cookie", cookie);
    assertThat(logout.statusCode()).isEqualTo(400);
    assertThat(logout.body()).contains("SPG-40").contains("Correlation id");
    assertThat(logout.headers().firstValue("Location")).isEmpty();
    assertThat(all.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);
    all.backend.take();
  }
}
