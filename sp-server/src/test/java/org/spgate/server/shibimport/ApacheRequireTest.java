package org.spgate.server.shibimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache 2.4's reading of Require lines in a {@code <Location>}, as the importer translates it. */
class ApacheRequireTest {

  @TempDir Path dir;

  private ProtectedPath location(String... lines) throws Exception {
    Path file = dir.resolve("site.conf");
    Files.writeString(
        file,
        "<Location /app>\n  AuthType shibboleth\n  "
            + String.join("\n  ", lines)
            + "\n</Location>\n");
    ApacheConfig apache = new ApacheConfig();
    apache.read(file);
    return apache.paths().get("/app");
  }

  @Test
  void requireShibbolethBesideAnAttributeRuleLetsAnyoneInAsApacheDoes() throws Exception {
    ProtectedPath lazy =
        location("Require shibboleth", "Require shib-attr entitlement urn:x:admin");
    assertThat(lazy.auth()).isEqualTo("optional");
    assertThat(lazy.access()).isNull();
    // Control: without the lazy line the attribute rule guards the path.
    ProtectedPath guarded = location("Require shib-attr entitlement urn:x:admin");
    assertThat(guarded.auth()).isEqualTo("required");
    assertThat(guarded.access())
        .isEqualTo(Requirement.Attribute.values("entitlement", List.of("urn:x:admin"), false));
  }

  @Test
  void requireNotInsideRequireAllBecomesANegatedRule() throws Exception {
    ProtectedPath path =
        location(
            "<RequireAll>",
            "Require valid-user",
            "Require not shib-attr affiliation student@example.org",
            "</RequireAll>");
    assertThat(path.access())
        .isEqualTo(
            new Requirement.Not(
                Requirement.Attribute.values(
                    "affiliation", List.of("student@example.org"), false)));
    assertThat(path.access().yaml())
        .isEqualTo("{not: {attribute: \"affiliation\", values: [\"student@example.org\"]}}");
  }

  @Test
  void requireNoneIsNoneOfItsLines() throws Exception {
    ProtectedPath path =
        location(
            "<RequireAll>",
            "Require valid-user",
            "<RequireNone>",
            "Require shib-attr entitlement urn:x:banned",
            "Require shib-attr eppn ~ guest-.*",
            "</RequireNone>",
            "</RequireAll>");
    assertThat(path.access().yaml())
        .isEqualTo(
            "{not: {any: [{attribute: \"entitlement\", values: [\"urn:x:banned\"]},"
                + " {attribute: \"eppn\", regex: \"guest-.*\"}]}}");
  }

  @Test
  void aQuotedValueKeepsItsSpacesAndAnEscapedQuote() {
    assertThat(ApacheConfig.words("Require shib-attr cn \"Ann \\\"A\\\" Lee\" bob"))
        .containsExactly("Require", "shib-attr", "cn", "Ann \"A\" Lee", "bob");
  }
}
