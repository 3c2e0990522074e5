package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.devidp.server.DevUsers;
import org.spgate.devidp.testing.Browser;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code spgate demo} end to end: real spgate, real development IdP endpoints, real echo backend,
 * driven over HTTP the way a browser would (one demo for the class; each test logs in afresh).
 */
class DemoCommandTest {

  private static DemoCommand.Demo demo;
  private final Browser browser = new Browser();

  @BeforeAll
  static void startDemo() throws Exception {
    demo =
        DemoCommand.start(
            new DemoCommand.Options("127.0.0.1", 0, false, null, null), DevUsers.defaults());
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  /** The login page of the IdP reached by GET /login on spgate. */
  private HttpResponse<String> loginPage() throws Exception {
    HttpResponse<String> start = browser.get(demo.url + "/login", null);
    assertThat(start.statusCode()).isEqualTo(302);
    String idpUrl = Browser.location(start);
    assertThat(idpUrl).startsWith(demo.idp.server().ssoUrl() + "?SAMLRequest=");
    HttpResponse<String> page = browser.get(idpUrl, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body()).contains("DEVELOPMENT IdP — not for production");
    return page;
  }

  /** Submits the login form; returns the IdP's answer. */
  private HttpResponse<String> submit(HttpResponse<String> page, String user, String password)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
    form.put("username", user);
    form.put("password", password);
    return browser.post(Browser.formAction(page.uri().toString(), page.body()), form);
  }

  /** A whole login of {@code user}; returns the echo page of GET /login with the session. */
  private String loginAs(String user) throws Exception {
    HttpResponse<String> answer = submit(loginPage(), user, user);
    assertThat(answer.statusCode()).isEqualTo(200);
    String acs = Browser.formAction(answer.uri().toString(), answer.body());
    assertThat(acs).isEqualTo(demo.url + "/Shibboleth.sso/SAML2/POST");
    Map<String, String> fields = Browser.hiddenFields(answer.body());
    assertThat(fields).containsKeys("SAMLResponse", "RelayState");
    HttpResponse<String> acsAnswer = browser.post(acs, fields);
    assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(303);
    assertThat(Browser.location(acsAnswer)).endsWith("/login");
    HttpResponse<String> echo = browser.get(demo.url + "/login", TestSpGate.cookieOf(acsAnswer));
    assertThat(echo.statusCode()).isEqualTo(200);
    return echo.body();
  }

  @Test
  void demoWhenAliceLogsInThroughDevIdpThenEchoPageShowsHerAttributes() throws Exception {
    String echo = loginAs("alice");

    assertThat(echo)
        .contains("<strong id=\"remote-user\">alice@example.org</strong>")
        .contains("Alice Example")
        .contains("staff;developers")
        .contains("Alice")
        .contains("Example");
  }

  @Test
  void demoWhenPasswordIsWrongThenStaysAtIdpWithError() throws Exception {
    HttpResponse<String> page = loginPage();

    HttpResponse<String> answer = submit(page, "alice", "wrong");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body())
        .contains("Wrong username or password.")
        .doesNotContain("SAMLResponse")
        .contains("name=\"SAMLRequest\"");
    assertThat(submit(answer, "alice", "alice").statusCode())
        .as("control: the re-rendered page logs in with the right password")
        .isEqualTo(200);
  }

  @Test
  void demoWhenGraceLogsInThenNonAsciiNameAndAll150GroupsArrive() throws Exception {
    String echo = loginAs("grace");

    assertThat(echo).contains("Grâce Hopper-Ünal");
    StringBuilder groups = new StringBuilder();
    for (int i = 1; i <= 150; i++) {
      groups.append(i == 1 ? "" : ";").append(String.format("group-%03d", i));
    }
    assertThat(echo).contains(groups);
  }

  @Test
  void demoWhenRootIsOpenedWithoutSessionThenEchoPageSaysNotSignedIn() throws Exception {
    HttpResponse<String> root = browser.get(demo.url + "/", null);

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).contains("Not signed in").doesNotContain("remote-user");
  }

  @Test
  void bannerWhenStartedThenNamesUrlUsersAndReadyLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoCommand.announce(demo, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertThat(text)
        .contains(demo.url + "/login")
        .contains("alice / alice")
        .contains("bob / bob")
        .contains("grace / grace")
        .contains("Ctrl-C to stop");
    List<String> lines = text.lines().toList();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("spgate demo ready: " + demo.url);
  }

  @Test
  void runWhenHostIsNotLoopbackThenExitsWith2() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        DemoCommand.run(
            List.of("--host", "0.0.0.0", "--port", "0"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(Main.BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("non-loopback")
        .contains("--allow-non-loopback");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ready");
  }

  @Test
  void runWhenUsersFileIsBrokenThenExitsWith2NamingTheLine(@TempDir Path dir) throws Exception {
    Path users = Files.writeString(dir.resolve("users.yaml"), "users:\n  - username: a\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        DemoCommand.run(
            List.of("--users", users.toString(), "--port", "0"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(Main.BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(users + ":2:")
        .contains("needs a non-empty username and a password");
  }

  @Test
  void optionsWhenGivenThenParsed() {
    DemoCommand.Options options =
        DemoCommand.Options.parse(
            List.of(
                "--port", "9090", "--users", "u.yaml", "--host", "::1", "--allow-non-loopback"));

    assertThat(options)
        .isEqualTo(new DemoCommand.Options("::1", 9090, true, Path.of("u.yaml"), null));
    assertThat(DemoCommand.Options.parse(List.of()))
        .isEqualTo(new DemoCommand.Options("127.0.0.1", 8080, false, null, null));
  }

  @Test
  void optionsWhenUnknownOrBadPortThenUsageError() {
    org.assertj.core.api.Assertions.assertThatExceptionOfType(Main.UsageException.class)
        .isThrownBy(() -> DemoCommand.Options.parse(List.of("--colour", "red")));
    org.assertj.core.api.Assertions.assertThatExceptionOfType(Main.UsageException.class)
        .isThrownBy(() -> DemoCommand.Options.parse(List.of("--port", "70000")));
  }

  @Test
  void attributeMapWhenNotInWorkingDirectoryThenJarCopyIsTheShippedFile(@TempDir Path dir)
      throws Exception {
    // Surefire runs in sp-server/, where attribute-maps/ does not exist: the jar copy is used.
    Path map = DemoCommand.attributeMap(dir);

    assertThat(map).isEqualTo(dir.resolve("attribute-map.xml"));
    assertThat(Files.readString(map))
        .isEqualTo(Files.readString(Path.of("../attribute-maps/attribute-map.xml")));
  }
}
