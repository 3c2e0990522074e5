package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.server.testing.FlaskApp;
import org.spgate.server.testing.TestSpGate;

/**
 * A portal: three copies of the Flask example behind one spgate with nested levels {@code [admin,
 * devel, stable]}. Users of each level (minted assertions) reach exactly the apps they should and
 * get the 403 page elsewhere; path tricks never carry a weaker user into a stronger route; API
 * clients get JSON instead of redirects.
 */
class PortalAccessHttpTest {

  private static final String MEMBER = "urn:oid:1.3.6.1.4.1.5923.1.5.1.1";
  private static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  @TempDir static Path dir;
  static FlaskApp stable;
  static FlaskApp devel;
  static FlaskApp admin;
  static TestSpGate sp;
  static final Map<String, String> cookies = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    stable = FlaskApp.start("stable", dir);
    devel = FlaskApp.start("devel", dir);
    admin = FlaskApp.start("admin", dir);
    sp =
        new TestSpGate(
            dir,
            String.join(
                "\n",
                "  - {path: /apps/stable, backend: \""
                    + stable.url()
                    + "\", level: stable,"
                    + " stripPrefix: true}",
                "  - {path: /apps/devel, backend: \""
                    + devel.url()
                    + "\", level: devel,"
                    + " stripPrefix: true}",
                "  - {path: /admin, backend: \""
                    + admin.url()
                    + "\", access: admins,"
                    + " stripPrefix: true}",
                "  - {path: /, backend: \"BACKEND\", auth: optional}"),
            String.join(
                "\n",
                "access:",
                "  levels: {attribute: member, order: [admin, devel, stable]}",
                "  rules:",
                "    admins:",
                "      all:",
                "        - level: admin",
                "        - not: {attribute: entitlement, values: [urn:x:suspended]}",
                ""));
    for (String level : new String[] {"admin", "devel", "stable", "none"}) {
      cookies.put(
          level,
          sp.login(
              "/apps/stable/",
              spec -> {
                if (!level.equals("none")) {
                  spec.attribute(MEMBER, level);
                }
                spec.attribute(ENTITLEMENT, "urn:secret:" + level);
              }));
    }
    cookies.put(
        "suspended-admin",
        sp.login(
            "/apps/stable/",
            spec -> {
              spec.attribute(MEMBER, "admin");
              spec.attribute(ENTITLEMENT, "urn:x:suspended");
            }));
  }

  @AfterAll
  static void stop() {
    sp.close();
    stable.close();
    devel.close();
    admin.close();
  }

  private static HttpResponse<String> getAs(String user, String path, String... headers)
      throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "Cookie";
    all[1] = cookies.get(user);
    System.arraycopy(headers, 0, all, 2, headers.length);
    return sp.get(path, all);
  }

  private static String app(HttpResponse<?> response) {
    return response.headers().firstValue("X-Example-App").orElse("-");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // user: stable devel admin (which apps answer 200; '-' is a 403)
        "admin: stable devel admin",
        "devel: stable devel -",
        "stable: stable - -",
        "none: - - -",
        "suspended-admin: stable devel -",
      })
  void eachLevelReachesExactlyTheAppsAtOrBelowIt(String row) throws Exception {
    String user = row.substring(0, row.indexOf(':'));
    String[] expected = row.substring(row.indexOf(':') + 2).split(" ");
    String[] paths = {"/apps/stable/login", "/apps/devel/login", "/admin/login"};
    for (int i = 0; i < paths.length; i++) {
      HttpResponse<String> response = getAs(user, paths[i]);
      if (expected[i].equals("-")) {
        assertThat(response.statusCode()).as(user + " " + paths[i]).isEqualTo(403);
        assertThat(app(response)).isEqualTo("-");
        assertThat(response.body()).contains("SPG-75").contains("alice@example.org");
      } else {
        assertThat(response.statusCode()).as(user + " " + paths[i]).isEqualTo(200);
        assertThat(app(response)).isEqualTo(expected[i]);
        // The prefix was stripped: the app's own /login page answered, with the identity.
        assertThat(response.body()).contains("alice@example.org");
      }
    }
  }

  @Test
  void deniedPageNamesTheFailedRequirementAndNeverTheUsersValues() throws Exception {
    HttpResponse<String> response = getAs("devel", "/admin/");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("level admin or higher")
        .contains("alice@example.org")
        .doesNotContain("urn:secret:devel");
  }

  @Test
  void bareStrippedPrefixIsRedirectedBelowIt() throws Exception {
    HttpResponse<String> response = getAs("devel", "/apps/devel?x=1");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue("/apps/devel/?x=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ADMIN/login",
        "/Admin/login",
        "/%61dmin/login",
        "/%41DMIN/login",
        "/apps/devel/../../admin/login",
        "/apps/devel/%2e%2e/%2e%2e/admin/login",
        "/apps/devel/..;/..;/admin/login",
        "/admin;x=1/login",
        "/apps/devel%2f..%2f..%2fadmin/login",
        "//admin/login",
        "/./admin/login",
      })
  void pathTricksNeverCarryADevelUserIntoAdmin(String target) throws Exception {
    TestSpGate.RawResponse response = sp.raw("GET", target, "Cookie: " + cookies.get("devel"));

    assertThat(response.status()).as(target).isIn(400, 403, 404);
    assertThat(response.head()).doesNotContain("X-Example-App: admin");
    TestSpGate.RawResponse control =
        sp.raw("GET", "/admin/login", "Cookie: " + cookies.get("admin"));
    assertThat(control.status()).isEqualTo(200);
    assertThat(control.head()).contains("X-Example-App: admin");
  }

  /**
   * Sibling routes under one prefix ({@code /apps/stable} and {@code /apps/devel}): a stable user
   * starting on the weaker route never reaches the stronger one, whatever the spelling.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/apps/stable/../devel/login",
        "/apps/stable/%2e%2e/devel/login",
        "/apps/stable/%2E%2E/devel/login",
        "/apps/stable/.%2e/devel/login",
        "/apps/stable/..%2fdevel/login",
        "/apps/stable/..%2Fdevel/login",
        "/apps/stable%2f..%2fdevel/login",
        "/apps/stable/..;/devel/login",
        "/apps/stable;x=1/../devel/login",
        "/apps/stable/./../devel/login",
        "/apps//devel/login",
        "/apps/stable//../devel/login",
        "/apps/DEVEL/login",
        "/apps/%64evel/login",
        "/apps/stable/..%5cdevel/login",
      })
  void pathTricksNeverCarryAStableUserFromItsRouteIntoTheSiblingDevelRoute(String target)
      throws Exception {
    TestSpGate.RawResponse response = sp.raw("GET", target, "Cookie: " + cookies.get("stable"));

    assertThat(response.head()).as(target).doesNotContain("X-Example-App: devel");
    assertThat(response.status()).as(target).isIn(400, 403, 404);
    TestSpGate.RawResponse control =
        sp.raw("GET", "/apps/devel/login", "Cookie: " + cookies.get("devel"));
    assertThat(control.status()).isEqualTo(200);
    assertThat(control.head()).contains("X-Example-App: devel");
  }

  @Test
  void webSocketUpgradeIsRefusedToAUserBelowTheLevelLikeAnyOtherRequest() throws Exception {
    String[] upgrade = {
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13"
    };
    String[] asDevel = new String[upgrade.length + 1];
    System.arraycopy(upgrade, 0, asDevel, 0, upgrade.length);
    asDevel[upgrade.length] = "Cookie: " + cookies.get("devel");
    String[] asAdmin = asDevel.clone();
    asAdmin[upgrade.length] = "Cookie: " + cookies.get("admin");

    TestSpGate.RawResponse refused = sp.raw("GET", "/admin/", asDevel);
    TestSpGate.RawResponse control = sp.raw("GET", "/admin/", asAdmin);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.head()).doesNotContain("X-Example-App");
    // The admin's upgrade reaches the app (which does not speak WebSocket and answers its page).
    assertThat(control.status()).isNotEqualTo(403);
    assertThat(control.head()).contains("X-Example-App: admin");
  }

  @Test
  void apiClientWithoutSessionGets401JsonWithTheLoginUrlInsteadOfARedirect() throws Exception {
    HttpResponse<String> xhr = sp.get("/apps/devel/x?y=1", "X-Requested-With", "XMLHttpRequest");
    HttpResponse<String> json = sp.get("/apps/devel/x", "Accept", "application/json");
    HttpResponse<String> browser = sp.get("/apps/devel/x", "Accept", "text/html,*/*");

    assertThat(xhr.statusCode()).isEqualTo(401);
    assertThat(xhr.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(xhr.body())
        .contains("\"code\":\"SPG-76\"")
        .contains(
            "\"login\":\"" + sp.url("/Shibboleth.sso/Login?target=%2Fapps%2Fdevel%2Fx%3Fy%3D1"));
    assertThat(json.statusCode()).isEqualTo(401);
    assertThat(browser.statusCode()).isEqualTo(302);
  }

  @Test
  void apiClientBelowTheLevelGets403JsonNamingTheRequirement() throws Exception {
    HttpResponse<String> denied =
        getAs("stable", "/apps/devel/headers", "Accept", "application/json");
    HttpResponse<String> allowed =
        getAs("devel", "/apps/devel/headers", "Accept", "application/json");

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body())
        .contains("\"requirement\":\"level devel or higher\"")
        .contains("\"user\":\"alice@example.org\"")
        .doesNotContain("urn:secret");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(app(allowed)).isEqualTo("devel");
  }
}
