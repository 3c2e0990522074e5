package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.server.testing.TestSpGate;

/**
 * Path spellings a backend could route to a protected prefix (SECURITY.md P4): each is refused with
 * SPG-41 or treated as protected, never proxied without a session. Sent over a raw socket so that
 * the exact octets arrive.
 */
class PathTricksHttpTest {

  @TempDir static Path dir;

  /** /admin required, / none. */
  static TestSpGate admin;

  /** /login required, / none. */
  static TestSpGate login;

  @BeforeAll
  static void start() throws Exception {
    admin =
        new TestSpGate(
            Files.createDirectory(dir.resolve("a")),
            "  - {path: /admin, backend: \"BACKEND\", auth: required}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "");
    login =
        new TestSpGate(
            Files.createDirectory(dir.resolve("b")),
            "  - {path: /login, backend: \"BACKEND\", auth: required}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "");
  }

  @BeforeEach
  void clearBackend() {
    admin.backend.clear();
    login.backend.clear();
  }

  @AfterAll
  static void stop() {
    admin.close();
    login.close();
  }

  private static void assertRefusedOrProtected(TestSpGate sp, String target) throws Exception {
    TestSpGate.RawResponse response = sp.raw("GET", target);
    assertThat(sp.backend.isEmpty()).as("proxied without a session: " + target).isTrue();
    if (response.status() == 400) {
      assertThat(response.body()).as(target).contains("SPG-41");
      return;
    }
    assertThat(response.status()).as(target + "\n" + response.head()).isEqualTo(302);
    assertThat(response.head()).contains("Location: https://idp.test.example/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/login/../admin",
        "/%2e%2e/admin",
        "/public/%2e%2e/admin",
        "/public/%2E%2E/admin",
        "/admin%2F",
        "/admin%2fx",
        "/admin;jsessionid=1",
        "/admin/;x",
        "//admin",
        "/ADMIN",
        "/Admin/x",
        "/admin.",
        "/admin%2e",
        "/admin%00",
        "/admin%20",
        "/admin?x=/public",
        "/public/..%2fadmin",
        "/public%2F..%2Fadmin",
        "/public/%252e%252e/admin"
      })
  void adminRouteWhenPathIsTrickThenRefusedOrProtected(String target) throws Exception {
    assertRefusedOrProtected(admin, target);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/public/../login",
        "/%2e%2e/login",
        "/public/%2e%2e/login",
        "/login%2F",
        "/login;jsessionid=1",
        "//login",
        "/LOGIN",
        "/Login/x",
        "/login.",
        "/login%00",
        "/login?x=/public"
      })
  void loginRouteWhenPathIsTrickThenRefusedOrProtected(String target) throws Exception {
    assertRefusedOrProtected(login, target);
  }

  /**
   * Not valid request targets at all (a fragment, a backslash, an absolute form naming another host
   * than Host): Undertow's strict parser answers 400 before spgate runs.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.test/admin",
        "http://evil.test//admin",
        "http://evil.test/public/../admin",
        "/public#/../admin",
        "/public#/admin",
        "/admin#frag",
        "/public\\..\\admin",
        "/public/..\\admin"
      })
  void adminRouteWhenTargetIsNotValidHttpThenParserRefuses(String target) throws Exception {
    TestSpGate.RawResponse response = admin.raw("GET", target);
    assertThat(response.status()).as(target).isEqualTo(400);
    assertThat(admin.backend.isEmpty()).isTrue();
    TestSpGate.RawResponse forLogin = login.raw("GET", target.replace("admin", "login"));
    assertThat(forLogin.status()).as(target).isEqualTo(400);
    assertThat(login.backend.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELF/admin", "SELF/ADMIN/x", "SELF/public/../admin"})
  void adminRouteWhenTargetIsAbsoluteFormThenRefusedOrProtected(String target) throws Exception {
    assertRefusedOrProtected(admin, target.replace("SELF", admin.url("")));
  }

  @Test
  void publicRouteWhenPlainPathThenProxied() throws Exception {
    assertThat(admin.raw("GET", "/public/page").status()).isEqualTo(200);
    assertThat(admin.backend.take().uri()).isEqualTo("/public/page");
  }

  @Test
  void adminRouteWhenPlainSubpathThenRedirectsToLogin() throws Exception {
    assertRefusedOrProtected(admin, "/admin/x");
    assertThat(admin.raw("GET", "/admin/x").status()).isEqualTo(302);
  }

  @Test
  void adminRouteWhenSessionThenProxied() throws Exception {
    String cookie = admin.login("/admin/x", s -> {});
    assertThat(admin.get("/admin/x", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(admin.backend.take().uri()).isEqualTo("/admin/x");
  }
}
