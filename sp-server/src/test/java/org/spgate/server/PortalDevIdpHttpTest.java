package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.devidp.server.DevIdp;
import org.spgate.devidp.server.DevUser;
import org.spgate.devidp.testing.Browser;
import org.spgate.server.reload.ConfigReload;
import org.spgate.server.testing.FlaskApp;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.TestSpGate;

/**
 * The portal of {@link PortalAccessHttpTest} (three copies of the Flask example, nested levels
 * {@code [admin, devel, stable]}) with real logins: users of each level sign in through the
 * development IdP's login form (the IdP signs the assertion, spgate's ACS consumes it) and reach
 * exactly the apps of their level. And a reload: a broken file keeps the running routes and levels
 * and logs the file and line; the repaired file lowering a route's level applies to the sessions
 * already open, without a new login.
 */
class PortalDevIdpHttpTest {

  @TempDir static Path dir;
  static FlaskApp stable;
  static FlaskApp devel;
  static FlaskApp admin;
  static TestSpGate sp;
  static DevIdp idp;
  static final Browser browser = new Browser();

  /** The devel route as the running file has it, and the same route lowered to stable. */
  private static final String DEVEL_ROUTE_LEVEL = "level: devel,";

  private static final String LOWERED_LEVEL = "level: stable,";

  @BeforeAll
  static void start() throws Exception {
    stable = FlaskApp.start("stable", dir);
    devel = FlaskApp.start("devel", dir);
    admin = FlaskApp.start("admin", dir);
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("sp")),
            String.join(
                "\n",
                route("/apps/stable", stable, "level: stable,"),
                route("/apps/devel", devel, DEVEL_ROUTE_LEVEL),
                route("/admin", admin, "level: admin,"),
                "  - {path: /, backend: \"BACKEND\", auth: optional}"),
            "access:\n  levels: {attribute: member, order: [admin, devel, stable]}\n");
    idp =
        DevIdp.start(
            new DevIdp.Settings(sp.entityId(), sp.acsUrl(), "127.0.0.1", false, users()),
            Files.createDirectories(dir.resolve("idp")));
    // spgate now trusts the development IdP (and only it): its metadata replaces the test IdP's.
    sp.editConfig(
        yaml ->
            yaml.replaceFirst(
                "idp: \\{metadata: \\[[^\\]]*\\]",
                Matcher.quoteReplacement("idp: {metadata: [" + idp.metadata() + "]")));
    assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);
  }

  @AfterAll
  static void stop() {
    sp.close();
    idp.close();
    stable.close();
    devel.close();
    admin.close();
  }

  private static String route(String path, FlaskApp app, String level) {
    return "  - {path: "
        + path
        + ", backend: \""
        + app.url()
        + "\", "
        + level
        + " stripPrefix: true}";
  }

  /** ada is an admin, dev a developer, sam a stable user, nina in no group. */
  private static List<DevUser> users() {
    return List.of(user("ada", "admin"), user("dev", "devel"), user("sam", "stable"), user("nina"));
  }

  private static DevUser user(String name, String... groups) {
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    attributes.put(DevUser.EPPN, List.of(name + "@example.org"));
    attributes.put(DevUser.DISPLAY_NAME, List.of(name));
    if (groups.length > 0) {
      attributes.put(DevUser.GROUPS, List.of(groups));
    }
    return new DevUser(name, name + "-password", attributes);
  }

  /**
   * A whole login through the development IdP, as a browser does it: spgate's redirect to the IdP,
   * the IdP's login form, the auto-POST form back to spgate's ACS. Returns the session cookie.
   */
  private static String loginThroughDevIdp(String user) throws Exception {
    HttpResponse<String> start = browser.get(sp.url("/apps/stable/"), null);
    assertThat(start.statusCode()).isEqualTo(302);
    String toIdp = Browser.location(start);
    assertThat(toIdp).startsWith(idp.server().ssoUrl() + "?SAMLRequest=");
    HttpResponse<String> page = browser.get(toIdp, null);
    assertThat(page.statusCode()).isEqualTo(200);
    Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
    form.put("username", user);
    form.put("password", user + "-password");
    HttpResponse<String> answer =
        browser.post(Browser.formAction(page.uri().toString(), page.body()), form);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    String acs = Browser.formAction(answer.uri().toString(), answer.body());
    assertThat(acs).isEqualTo(sp.acsUrl());
    HttpResponse<String> consumed = browser.post(acs, Browser.hiddenFields(answer.body()));
    assertThat(consumed.statusCode()).as(consumed.body()).isEqualTo(303);
    assertThat(Browser.location(consumed)).endsWith("/apps/stable/");
    return TestSpGate.cookieOf(consumed);
  }

  private static HttpResponse<String> getAs(String cookie, String path) throws Exception {
    return browser.get(sp.url(path), cookie);
  }

  private static String app(HttpResponse<?> response) {
    return response.headers().firstValue("X-Example-App").orElse("-");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // user: stable devel admin (which apps answer 200; '-' is the 403 page)
        "ada: stable devel admin",
        "dev: stable devel -",
        "sam: stable - -",
        "nina: - - -",
      })
  void eachLevelLoggedInThroughTheDevIdpReachesExactlyTheAppsAtOrBelowIt(String row)
      throws Exception {
    String user = row.substring(0, row.indexOf(':'));
    String[] expected = row.substring(row.indexOf(':') + 2).split(" ");
    String cookie = loginThroughDevIdp(user);
    String[] paths = {"/apps/stable/login", "/apps/devel/login", "/admin/login"};
    for (int i = 0; i < paths.length; i++) {
      HttpResponse<String> response = getAs(cookie, paths[i]);
      if (expected[i].equals("-")) {
        assertThat(response.statusCode()).as(user + " " + paths[i]).isEqualTo(403);
        assertThat(app(response)).isEqualTo("-");
        assertThat(response.body()).contains("SPG-75").contains(user + "@example.org");
      } else {
        assertThat(response.statusCode()).as(user + " " + paths[i]).isEqualTo(200);
        assertThat(app(response)).isEqualTo(expected[i]);
        assertThat(response.body()).contains(user + "@example.org");
      }
    }
  }

  @Test
  void reloadWhenFileBrokenThenOldLevelsServeAndLineIsLoggedThenFixedFileLowersALevel()
      throws Exception {
    String dev = loginThroughDevIdp("dev");
    String sam = loginThroughDevIdp("sam");
    String running = Files.readString(sp.configFile());
    int develLine = lineOf(running, DEVEL_ROUTE_LEVEL);
    try (LogLines log = LogLines.of(ConfigReload.class.getName())) {
      // Broken: a value stripPrefix cannot take, on the devel route's line.
      sp.editConfig(
          yaml ->
              yaml.replace(
                  DEVEL_ROUTE_LEVEL + " stripPrefix: true",
                  "level: stable," + " stripPrefix: sometimes"));
      assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.REFUSED);

      assertThat(log.lines()).anyMatch(line -> line.contains("reload refused"));
      assertThat(log.lines())
          .as(log.lines().toString())
          .anyMatch(
              line ->
                  line.contains(sp.configFile() + ":" + develLine + ":")
                      && line.contains("routes[1].stripPrefix"));
      // The running routes and levels still answer: sam is refused devel, dev admitted.
      assertThat(getAs(sam, "/apps/devel/login").statusCode()).isEqualTo(403);
      HttpResponse<String> admitted = getAs(dev, "/apps/devel/login");
      assertThat(admitted.statusCode()).isEqualTo(200);
      assertThat(app(admitted)).isEqualTo("devel");

      // Valid: the devel route lowered to stable. The sessions already open see it at once.
      Files.writeString(sp.configFile(), running.replace(DEVEL_ROUTE_LEVEL, LOWERED_LEVEL));
      assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);

      HttpResponse<String> lowered = getAs(sam, "/apps/devel/login");
      assertThat(lowered.statusCode()).isEqualTo(200);
      assertThat(app(lowered)).isEqualTo("devel");
      assertThat(lowered.body()).contains("sam@example.org");
      assertThat(getAs(dev, "/apps/devel/login").statusCode()).isEqualTo(200);
      // Levels elsewhere unchanged: sam is still refused admin.
      assertThat(getAs(sam, "/admin/login").statusCode()).isEqualTo(403);
    } finally {
      Files.writeString(sp.configFile(), running);
      assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);
    }
  }

  private static int lineOf(String text, String part) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(part)) {
        return i + 1;
      }
    }
    throw new AssertionError(part + " not in " + text);
  }
}
