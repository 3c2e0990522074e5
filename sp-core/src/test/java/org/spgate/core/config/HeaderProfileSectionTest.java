package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headers.profiles} and a route's {@code headers: {profile}}: read, defaults, every refusal
 * with its line and key; and the checks against the attribute map ({@link HeaderProfiles}).
 */
class HeaderProfileSectionTest {

  /** The ids of a small attribute map. */
  private static final Set<String> IDS = Set.of("eppn", "mail", "displayName", "email");

  /** What spgate sends besides attributes (server.proxy.IdentityHeaders.fixedNames). */
  private static final List<String> FIXED =
      List.of("Remote-User", "Shib-Session-ID", "Spgate-Dropped-Attributes");

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  private static String config(String headers, String routes) {
    return String.join(
        "\n",
        "publicUrl: https://sp.example.org",
        "idp:",
        "  metadata: idp-metadata.xml",
        "headers:",
        headers,
        "routes:",
        routes,
        "");
  }

  private static final String MINIMAL_PROFILE =
      String.join(
          "\n",
          "  prefix: Shib-",
          "  sessionHeaders: false",
          "  profiles:",
          "    minimal:",
          "      attributes: [mail, displayName]",
          "      prefix: X-User-",
          "      names: {mail: Email}",
          "    inherits: {attributes: [eppn]}",
          "    everything: {remoteUser: false, sessionHeaders: true}");

  @Test
  void loadWhenProfilesAreWellFormedThenRoutesCarryTheChosenOne() throws Exception {
    String yaml =
        config(
            MINIMAL_PROFILE,
            String.join(
                "\n",
                "  - {path: /app, backend: 'http://127.0.0.1:8081', headers: {profile: minimal}}",
                "  - path: /budget",
                "    backend: http://127.0.0.1:8082",
                "    headers: {profile: inherits, maxTotalSize: 8KiB}",
                "  - {path: /, backend: 'http://127.0.0.1:8083'}"));

    SpConfig config = dir.load(yaml);

    HeaderProfile minimal = config.headers().profiles().get("minimal");
    assertThat(minimal.attributes()).containsExactly("mail", "displayName");
    assertThat(minimal.headerOf("mail")).isEqualTo("X-User-Email");
    assertThat(minimal.headerOf("displayName")).isEqualTo("X-User-displayName");
    assertThat(minimal.sends("eppn")).isFalse();
    assertThat(minimal.remoteUser()).isTrue();
    assertThat(minimal.sessionHeaders()).isFalse();
    assertThat(minimal.line()).isEqualTo(lineOf(yaml, "minimal:"));
    HeaderProfile inherits = config.headers().profiles().get("inherits");
    assertThat(inherits.headerOf("eppn")).isEqualTo("Shib-eppn");
    HeaderProfile everything = config.headers().profiles().get("everything");
    assertThat(everything.attributes()).isNull();
    assertThat(everything.sends("anything")).isTrue();
    assertThat(everything.remoteUser()).isFalse();
    assertThat(everything.sessionHeaders()).isTrue();
    List<RouteConfig> routes = config.routes();
    assertThat(routes.get(0).headerProfile()).isEqualTo(minimal);
    // A block that only names a profile keeps the section's budget.
    assertThat(routes.get(0).headerBudget()).isNull();
    assertThat(routes.get(1).headerProfile()).isEqualTo(inherits);
    assertThat(routes.get(1).headerBudget().maxTotalBytes()).isEqualTo(8 * 1024);
    assertThat(routes.get(2).headerProfile()).isNull();
    assertThat(HeaderProfiles.check(config.headers(), IDS, FIXED, dir.dir())).isEmpty();
  }

  @Test
  void loadWhenRouteNamesAnUndeclaredProfileThenListsTheDeclaredOnes() {
    String yaml =
        config(
            MINIMAL_PROFILE,
            "  - {path: /, backend: 'http://127.0.0.1:8081', headers: {profile: minimum}}");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "profile: minimum"),
        "routes[0].headers.profile",
        "(minimal, inherits, everything), got minimum");
  }

  @Test
  void loadWhenNoProfileIsDeclaredThenARouteNamingOneIsRefused() {
    String yaml =
        config(
            "  prefix: ''",
            "  - {path: /, backend: 'http://127.0.0.1:8081', headers: {profile: x}}");

    dir.onlyProblem(
        yaml, lineOf(yaml, "profile: x"), "routes[0].headers.profile", "(none declared), got x");
  }

  @Test
  void loadWhenPrefixOrNameHasCharactersIllegalInAHeaderNameThenRefused() {
    String yaml =
        config(
            String.join(
                "\n",
                "  profiles:",
                "    spaced:",
                "      attributes: [mail]",
                "      prefix: 'X User:'",
                "    colon:",
                "      attributes: [mail]",
                "      names: {mail: 'E:mail'}"),
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(2);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "prefix: 'X User:'"),
        "headers.profiles.spaced.prefix",
        "expected a header name (letters, digits");
    dir.assertProblem(
        problems.get(1),
        lineOf(yaml, "names: {mail"),
        "headers.profiles.colon.names.mail",
        "got \"E:mail\"");
  }

  @Test
  void loadWhenProfileRenamesAnUnsentAttributeListsOneTwiceOrHasAnUnknownKeyThenAllReported() {
    String yaml =
        config(
            String.join(
                "\n",
                "  profiles:",
                "    p:",
                "      attributes: [mail, mail]",
                "      names: {eppn: Principal}",
                "      remoteUser: X-Remote-User",
                "      sessionheaders: false"),
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(4);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "attributes: [mail, mail]"),
        "headers.profiles.p.attributes",
        "attribute mail is listed twice");
    dir.assertProblem(
        problems.get(1),
        lineOf(yaml, "names: {eppn"),
        "headers.profiles.p.names.eppn",
        "renamed but not sent: expected one of this profile's attributes (mail)");
    dir.assertProblem(
        problems.get(2),
        lineOf(yaml, "remoteUser: X-Remote-User"),
        "headers.profiles.p.remoteUser",
        "X-Remote-User");
    dir.assertProblem(
        problems.get(3),
        lineOf(yaml, "sessionheaders"),
        "headers.profiles.p.sessionheaders",
        "did you mean sessionHeaders?");
  }

  @Test
  void checkWhenProfileListsAnIdTheAttributeMapLacksThenNamesTheLineAndTheKnownIds()
      throws Exception {
    String yaml =
        config(
            String.join("\n", "  profiles:", "    p:", "      attributes: [mail, Mail, surname]"),
            "  - {path: /, backend: 'http://127.0.0.1:8081', headers: {profile: p}}");
    SpConfig config = dir.load(yaml);

    List<ConfigProblem> problems =
        HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile());

    assertThat(problems).hasSize(2);
    for (ConfigProblem problem : problems) {
      dir.assertProblem(
          problem,
          lineOf(yaml, "attributes: [mail"),
          "headers.profiles.p.attributes",
          "expected attribute ids of the attribute map (displayName, email, eppn, mail), got ");
    }
    assertThat(problems.get(0).message()).startsWith("did you mean mail?").endsWith("got Mail");
    assertThat(problems.get(1).message()).endsWith("got surname");
  }

  @Test
  void checkWhenProfileRenamesAnIdTheAttributeMapLacksThenRefused() throws Exception {
    String yaml =
        config(
            "  profiles:\n    p: {names: {surname: Last-Name}}",
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");
    SpConfig config = dir.load(yaml);

    List<ConfigProblem> problems =
        HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile());

    assertThat(problems).hasSize(1);
    dir.assertProblem(
        problems.get(0), lineOf(yaml, "p: {names"), "headers.profiles.p.names", "got surname");
  }

  @Test
  void checkWhenTwoProfilesSendDifferentAttributesUnderOneHeaderNameThenRefused() throws Exception {
    String yaml =
        config(
            String.join(
                "\n",
                "  profiles:",
                "    a: {attributes: [mail], prefix: X-User-, names: {mail: Email}}",
                "    b: {attributes: [eppn], prefix: X_USER_, names: {eppn: email}}",
                "    same: {attributes: [mail], prefix: x-user-, names: {mail: EMAIL}}"),
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");
    SpConfig config = dir.load(yaml);

    List<ConfigProblem> problems =
        HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile());

    // Profile "same" sends mail under a spelling of X-User-Email too: one meaning, accepted.
    assertThat(problems).hasSize(1);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "b: {attributes"),
        "headers.profiles.b",
        "header X_USER_email would carry attribute eppn in profile b but mail (as X-User-Email) in"
            + " profile a");
  }

  @Test
  void checkWhenProfileRenamesToAnotherAttributesDefaultHeaderThenRefused() throws Exception {
    String yaml =
        config(
            "  profiles:\n    p: {attributes: [mail], names: {mail: EPPN}}",
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");
    SpConfig config = dir.load(yaml);

    List<ConfigProblem> problems =
        HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile());

    assertThat(problems).hasSize(1);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "p: {attributes"),
        "headers.profiles.p",
        "but eppn (as eppn) in routes without a profile");
  }

  @Test
  void checkWhenProfileNamesAnAttributeLikeSpgatesOwnHeadersThenRefused() throws Exception {
    String yaml =
        config(
            String.join(
                "\n",
                "  profiles:",
                "    p: {attributes: [eppn, mail], names: {eppn: remote_user, mail: Shib.Session.ID}}"),
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");
    SpConfig config = dir.load(yaml);

    List<ConfigProblem> problems =
        HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile());

    assertThat(problems).hasSize(2);
    dir.assertProblem(
        problems.get(0),
        lineOf(yaml, "p: {attributes"),
        "headers.profiles.p",
        "attribute eppn would be sent as remote_user, which is spgate's Remote-User header");
    dir.assertProblem(
        problems.get(1),
        lineOf(yaml, "p: {attributes"),
        "headers.profiles.p",
        "which is spgate's Shib-Session-ID header");
  }

  @Test
  void checkWhenProfileRenamesUnderItsOwnPrefixThenAccepted() throws Exception {
    // The control of the refusals above: the same renames, under a prefix, meet nothing.
    String yaml =
        config(
            "  profiles:\n    p: {attributes: [eppn, mail], prefix: X-, names: {eppn: remote_user, mail: EPPN}}",
            "  - {path: /, backend: 'http://127.0.0.1:8081'}");
    SpConfig config = dir.load(yaml);

    assertThat(HeaderProfiles.check(config.headers(), IDS, FIXED, config.configFile())).isEmpty();
    assertThat(config.headers().profiles().get("p").names())
        .isEqualTo(Map.of("eppn", "remote_user", "mail", "EPPN"));
  }
}
