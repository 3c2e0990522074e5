package org.spgate.core.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.attribute.TestAttributeMaps.IDP;
import static org.spgate.core.attribute.TestAttributeMaps.PERSISTENT;
import static org.spgate.core.attribute.TestAttributeMaps.SP;
import static org.spgate.core.attribute.TestAttributeMaps.URI;
import static org.spgate.core.attribute.TestAttributeMaps.assertion;
import static org.spgate.core.attribute.TestAttributeMaps.attribute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.NameIdValue;

/** The attribute-maps/attribute-map.xml shipped at the repository root. */
class ShippedAttributeMapTest {

  private static final String CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";

  private static AttributeMap map;
  private static AttributeMapper mapper;

  @BeforeAll
  static void load() throws Exception {
    map = AttributeMap.load(shippedFile());
    mapper = new AttributeMapper(map, SP);
  }

  /** Found upwards from the working directory (the module when Maven runs the tests). */
  private static Path shippedFile() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("attribute-maps").resolve("attribute-map.xml");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("attribute-maps/attribute-map.xml not found");
  }

  @Test
  void loadWhenShippedMapThenHasShibbolethAndClaimIds() {
    assertThat(map.ids())
        .startsWith("subject-id", "pairwise-id", "eppn", "affiliation")
        .contains("persistent-id", "nameid", "mail", "givenName", "sn", "displayName")
        .contains("upn", "email", "groups", "role", "oid", "tenantid", "groups-link")
        .doesNotContain("transient-id", "targeted-id");
  }

  @Test
  void mapWhenEduPersonAttributesThenScopedOnesChecked() {
    Map<String, List<String>> out =
        mapper.map(
            assertion(
                null,
                attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", URI, "ada@example.org"),
                attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", URI, "staff@EXAMPLE.org", "x@y"),
                attribute("urn:oid:2.5.4.42", URI, "Ada")),
            ScopePolicy.of(List.of("example.org"), List.of()));

    assertThat(out)
        .containsExactly(
            Map.entry("eppn", List.of("ada@example.org")),
            Map.entry("affiliation", List.of("staff@EXAMPLE.org")),
            Map.entry("givenName", List.of("Ada")));
  }

  @Test
  void mapWhenAdfsClaimInEitherFormThenSameId() {
    Map<String, List<String>> saml2 =
        mapper.map(
            assertion(null, attribute(CLAIMS + "/upn", null, "ada@corp.example")),
            ScopePolicy.none());
    Map<String, List<String>> saml11 =
        mapper.map(
            assertion(null, attribute("upn", CLAIMS, "ada@corp.example")), ScopePolicy.none());

    assertThat(saml2).isEqualTo(saml11).containsOnlyKeys("upn");
  }

  @Test
  void mapWhenEntraClaimsThenOidGroupsAndOverageLink() {
    Map<String, List<String>> out =
        mapper.map(
            assertion(
                new NameIdValue("pairwise123", PERSISTENT, null, null),
                attribute(
                    "http://schemas.microsoft.com/identity/claims/objectidentifier", URI, "o1"),
                attribute(
                    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
                    URI,
                    "g1",
                    "g2"),
                attribute("http://schemas.microsoft.com/claims/groups.link", URI, "https://graph")),
            ScopePolicy.none());

    assertThat(out)
        .containsEntry("persistent-id", List.of(IDP + "!" + SP + "!pairwise123"))
        .containsEntry("oid", List.of("o1"))
        .containsEntry("groups", List.of("g1", "g2"))
        .containsEntry("groups-link", List.of("https://graph"));
  }

  @Test
  void mapWhenKeycloakBasicNamesThenMappedAndUriFormOfSameNameIsNot() {
    String basic = TestAttributeMaps.BASIC;
    Map<String, List<String>> out =
        mapper.map(
            assertion(
                null,
                attribute("firstName", basic, "Ada"),
                attribute("Role", basic, "admin"),
                attribute("firstName", URI, "not-mapped")),
            ScopePolicy.none());

    assertThat(out)
        .containsExactly(
            Map.entry("givenName", List.of("Ada")), Map.entry("role", List.of("admin")));
  }

  @Test
  void mapWhenAdfsSubjectEmailAddressThenNameid() {
    NameIdValue subject =
        new NameIdValue(
            "ada@corp.example",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            null,
            null);

    assertThat(mapper.map(assertion(subject), ScopePolicy.none()))
        .containsExactly(Map.entry("nameid", List.of("ada@corp.example")));
  }
}
