package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.access.Attributes;

/** The access section and the routes' access, host and stripPrefix keys: accepted and refused. */
class AccessSectionTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  private static String config(String access, String routes) {
    return String.join(
        "\n",
        "publicUrl: https://sp.example.org",
        "idp:",
        "  metadata: idp-metadata.xml",
        "access:",
        access,
        "routes:",
        routes,
        "");
  }

  private static final String PORTAL_ACCESS =
      String.join(
          "\n",
          "  levels:",
          "    attribute: member",
          "    order: [admin, ea, devel, stable]",
          "  rules:",
          "    staff:",
          "      all:",
          "        - attribute: affiliation",
          "          ignoreCase: [staff]",
          "        - not: {attribute: entitlement, values: [urn:x:banned]}",
          "        - attribute: mail",
          "          emailDomains: [example.org]",
          "    admins:",
          "      any:",
          "        - level: admin",
          "        - attribute: entitlement",
          "          regex: 'urn:x:admin(:.*)?'",
          "    staffOrAdmins:",
          "      any: [{rule: staff}, {rule: admins}]");

  @Test
  void loadWhenRulesAndLevelsAreWellFormedThenRoutesCarryTheResolvedRules() throws Exception {
    String yaml =
        config(
            PORTAL_ACCESS,
            String.join(
                "\n",
                "  - path: /apps/devel",
                "    backend: http://127.0.0.1:8081",
                "    level: devel",
                "    stripPrefix: true",
                "  - path: /staff",
                "    host: '*.Example.org'",
                "    backend: http://127.0.0.1:8082",
                "    access: staff",
                "  - path: /",
                "    backend: http://127.0.0.1:8083"));

    List<RouteConfig> routes = dir.load(yaml).routes();

    RouteConfig devel = routes.get(0);
    assertThat(devel.stripPrefix()).isTrue();
    assertThat(devel.accessName()).isEqualTo("level devel");
    assertThat(devel.access().decide(Attributes.of(Map.of("member", List.of("ea")))).allowed())
        .isTrue();
    assertThat(devel.access().decide(Attributes.of(Map.of("member", List.of("stable")))).allowed())
        .isFalse();
    RouteConfig staff = routes.get(1);
    assertThat(staff.host()).isEqualTo("*.example.org");
    Attributes good =
        Attributes.of(Map.of("affiliation", List.of("STAFF"), "mail", List.of("a@example.org")));
    Attributes banned =
        Attributes.of(
            Map.of(
                "affiliation", List.of("staff"),
                "mail", List.of("a@example.org"),
                "entitlement", List.of("urn:x:banned")));
    assertThat(staff.access().decide(good).allowed()).isTrue();
    assertThat(staff.access().decide(banned).allowed()).isFalse();
    assertThat(routes.get(2).access()).isNull();
    assertThat(routes.get(2).stripPrefix()).isFalse();
  }

  @Test
  void loadWhenRegexDoesNotCompileThenNamesLineKeyAndTheError() {
    String yaml =
        config(
            "  rules:\n    bad:\n      attribute: entitlement\n      regex: 'urn:(x'",
            "  - path: /\n    backend: http://127.0.0.1:8081");

    ConfigProblem problem =
        dir.onlyProblem(
            yaml,
            lineOf(yaml, "regex:"),
            "access.rules.bad.regex",
            "expected a Java regular expression");
    assertThat(problem.toString()).contains("Unclosed group");
  }

  @Test
  void loadWhenRouteNamesAnUnknownRuleOrLevelThenListsTheKnownOnes() {
    String yaml =
        config(
            PORTAL_ACCESS,
            "  - path: /\n    backend: http://127.0.0.1:8081\n    access: stuff\n    level: root");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(2);
    dir.assertProblem(
        problems.get(0), lineOf(yaml, "access: stuff"), "routes[0].access", "staff, admins");
    dir.assertProblem(
        problems.get(1),
        lineOf(yaml, "level: root"),
        "routes[0].level",
        "admin, ea, devel, stable");
  }

  @Test
  void loadWhenARuleHasTwoFormsOrNoneThenRefused() {
    String yaml =
        config(
            "  rules:\n    two:\n      level: x\n      any: []\n    none: {}",
            "  - path: /\n    backend: http://127.0.0.1:8081");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .contains("access.rules.two", "access.rules.none");
    assertThat(problems.toString()).contains("exactly one form");
  }

  @Test
  void loadWhenAnEmailDomainIsNotAsciiThenRefused() {
    String yaml =
        config(
            "  rules:\n    mail:\n      attribute: mail\n      emailDomains: [bücher.example]",
            "  - path: /\n    backend: http://127.0.0.1:8081");

    dir.onlyProblem(yaml, lineOf(yaml, "emailDomains"), "access.rules.mail.emailDomains", "xn--");
  }

  @Test
  void loadWhenARuleIsOnARouteWithoutRequiredAuthThenRefused() {
    String yaml =
        config(
            PORTAL_ACCESS,
            "  - path: /\n    backend: http://127.0.0.1:8081\n    auth: optional\n    level: devel");

    dir.onlyProblem(yaml, lineOf(yaml, "auth: optional"), "routes[0].auth", "needs a session");
  }

  @Test
  void loadWhenRuleReferencesALaterRuleThenRefused() {
    String yaml =
        config(
            "  rules:\n    a: {rule: b}\n    b: {session: true}",
            "  - path: /\n    backend: http://127.0.0.1:8081");

    dir.onlyProblem(yaml, lineOf(yaml, "a: {rule"), "access.rules.a.rule", "declared above");
  }

  @Test
  void loadWhenHostHasAPortOrIsMalformedThenRefused() {
    String yaml =
        config(
            "  rules: {}",
            "  - path: /\n    host: app.example.org:8443\n    backend: http://127.0.0.1:8081");

    dir.onlyProblem(yaml, lineOf(yaml, "host:"), "routes[0].host", "expected a host name");
  }

  @Test
  void loadWhenSamePathOnTwoHostsThenAccepted() throws Exception {
    String yaml =
        config(
            "  rules: {}",
            String.join(
                "\n",
                "  - path: /",
                "    host: a.example.org",
                "    backend: http://127.0.0.1:8081",
                "  - path: /",
                "    host: b.example.org",
                "    backend: http://127.0.0.1:8082"));

    assertThat(dir.load(yaml).routes()).hasSize(2);
  }
}
