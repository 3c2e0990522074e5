package org.spgate.core.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.attribute.TestAttributeMaps.BASIC;
import static org.spgate.core.attribute.TestAttributeMaps.IDP;
import static org.spgate.core.attribute.TestAttributeMaps.PERSISTENT;
import static org.spgate.core.attribute.TestAttributeMaps.SP;
import static org.spgate.core.attribute.TestAttributeMaps.UNSPECIFIED;
import static org.spgate.core.attribute.TestAttributeMaps.URI;
import static org.spgate.core.attribute.TestAttributeMaps.assertion;
import static org.spgate.core.attribute.TestAttributeMaps.attribute;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;

class AttributeMapperTest {

  private static final String EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";
  private static final String TARGETED_ID = "urn:oid:1.3.6.1.4.1.5923.1.1.1.10";
  private static final String MAP =
      "<Attribute name=\""
          + EPPN
          + "\" id=\"eppn\">\n"
          + "  <AttributeDecoder xsi:type=\"ScopedAttributeDecoder\"/>\n"
          + "</Attribute>\n"
          + "<Attribute name=\"urn:oid:1.3.6.1.4.1.5923.1.1.1.9\" id=\"affiliation\">\n"
          + "  <AttributeDecoder xsi:type=\"ScopedAttributeDecoder\" caseSensitive=\"false\"/>\n"
          + "</Attribute>\n"
          + "<Attribute name=\"urn:oid:2.5.4.3\" id=\"cn\"/>\n"
          + "<Attribute name=\"urn:oid:0.9.2342.19200300.100.1.3\" id=\"mail\" aliases=\"email"
          + " e-mail\"/>\n"
          + "<Attribute name=\"email\" nameFormat=\""
          + BASIC
          + "\" id=\"email\"/>\n"
          + "<Attribute name=\"upn\""
          + " nameFormat=\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims\" id=\"upn\"/>\n"
          + "<Attribute name=\""
          + TARGETED_ID
          + "\" id=\"persistent-id\">\n"
          + "  <AttributeDecoder xsi:type=\"NameIDAttributeDecoder\""
          + " formatter=\"$NameQualifier!$SPNameQualifier!$Name\" defaultQualifiers=\"true\"/>\n"
          + "</Attribute>\n"
          + "<Attribute name=\""
          + PERSISTENT
          + "\" id=\"persistent-id\">\n"
          + "  <AttributeDecoder xsi:type=\"NameIDAttributeDecoder\""
          + " formatter=\"$NameQualifier!$SPNameQualifier!$Name\" defaultQualifiers=\"true\"/>\n"
          + "</Attribute>\n"
          + "<Attribute name=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\""
          + " id=\"nameid\">\n"
          + "  <AttributeDecoder xsi:type=\"NameIDAttributeDecoder\" formatter=\"$Name ($Format)\"/>\n"
          + "</Attribute>\n";

  private static final ScopePolicy EXAMPLE_ORG = ScopePolicy.of(List.of("example.org"), List.of());

  @TempDir Path dir;

  private AttributeMap map;
  private AttributeMapper mapper;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void setUp() throws Exception {
    map = TestAttributeMaps.load(dir, MAP);
    mapper = new AttributeMapper(map, SP);
    log.start();
    logger().addAppender(log);
  }

  @AfterEach
  void tearDown() {
    logger().detachAppender(log);
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(ScopedDecoder.class);
  }

  private Map<String, List<String>> map(ScopePolicy scopes, RawAttribute... attributes) {
    return mapper.map(assertion(null, attributes), scopes);
  }

  @Test
  void mapWhenStringValuesThenKeptVerbatimInArrivalOrderWithDuplicates() {
    Map<String, List<String>> out =
        map(ScopePolicy.none(), attribute("urn:oid:2.5.4.3", URI, " Ada  Lovelace ", "b", "", "b"));

    assertThat(out).containsExactly(Map.entry("cn", List.of(" Ada  Lovelace ", "b", "b")));
  }

  @Test
  void mapWhenAttributesArriveOutOfMapOrderThenIdsInMapOrder() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("urn:oid:2.5.4.3", URI, "Ada"),
            attribute(EPPN, URI, "ada@example.org"));

    assertThat(out.keySet()).containsExactly("eppn", "cn");
  }

  @Test
  void mapWhenOutputThenIdsAreTheMapsInstances() {
    Map<String, List<String>> out =
        map(ScopePolicy.none(), attribute("urn:oid:2.5.4.3", URI, "Ada"));

    String mapped = out.keySet().iterator().next();
    String fromMap = map.ids().stream().filter("cn"::equals).findFirst().orElseThrow();
    assertThat(mapped).isSameAs(fromMap);
  }

  @Test
  void mapWhenEntryHasAliasesThenValuesUnderIdAndEveryAlias() {
    Map<String, List<String>> out =
        map(ScopePolicy.none(), attribute("urn:oid:0.9.2342.19200300.100.1.3", URI, "a@x", "b@x"));

    assertThat(out)
        .containsExactly(
            Map.entry("mail", List.of("a@x", "b@x")),
            Map.entry("email", List.of("a@x", "b@x")),
            Map.entry("e-mail", List.of("a@x", "b@x")));
  }

  @Test
  void mapWhenTwoEntriesShareIdThenValuesAccumulate() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("email", BASIC, "kc@x"),
            attribute("urn:oid:0.9.2342.19200300.100.1.3", URI, "ldap@x"));

    assertThat(out.get("email")).containsExactly("kc@x", "ldap@x");
    assertThat(out.get("mail")).containsExactly("ldap@x");
  }

  @Test
  void mapWhenScopeListedThenAcceptedAndWhenNotListedThenDroppedWithWarning() {
    Map<String, List<String>> out =
        map(EXAMPLE_ORG, attribute(EPPN, URI, "ada@example.org", "eve@attacker.net"));

    assertThat(out).containsExactly(Map.entry("eppn", List.of("ada@example.org")));
    assertThat(log.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("eppn")
                  .contains("attacker.net")
                  .contains(IDP)
                  .doesNotContain("eve");
            });
  }

  @Test
  void mapWhenSecondDelimiterSmugglesListedScopeThenDropped() {
    Map<String, List<String>> out =
        map(EXAMPLE_ORG, attribute(EPPN, URI, "eve@attacker.net@example.org", "ada@example.org"));

    assertThat(out.get("eppn")).containsExactly("ada@example.org");
  }

  @Test
  void mapWhenScopeDiffersInCaseThenOnlyCaseInsensitiveDecoderAccepts() {
    Map<String, List<String>> out =
        map(
            EXAMPLE_ORG,
            attribute(EPPN, URI, "ada@Example.ORG"),
            attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", URI, "staff@Example.ORG"));

    assertThat(out).containsExactly(Map.entry("affiliation", List.of("staff@Example.ORG")));
  }

  @Test
  void mapWhenValueCarriesScopeAttributeThenJoinedWithDelimiter() {
    RawAttribute eppn =
        new RawAttribute(
            EPPN,
            URI,
            List.of(
                new RawValue("ada", null, "example.org"),
                new RawValue("eve", null, "attacker.net"),
                new RawValue("eve@attacker.net", null, "example.org")));

    Map<String, List<String>> out = map(EXAMPLE_ORG, eppn);

    assertThat(out.get("eppn")).containsExactly("ada@example.org");
    assertThat(log.list).hasSize(2).allMatch(e -> e.getLevel() == Level.WARN);
  }

  @Test
  void mapWhenIdpListsNoScopesThenEveryScopeAcceptedAndUnscopedValueKept() {
    RawAttribute eppn = attribute(EPPN, URI, "ada@anything.example", "bare");

    assertThat(map(ScopePolicy.none(), eppn).get("eppn"))
        .containsExactly("ada@anything.example", "bare");
    assertThat(map(EXAMPLE_ORG, eppn)).doesNotContainKey("eppn");
  }

  @Test
  void mapWhenFormatBasicThenUriEntryDoesNotMatchButBasicEntryDoes() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("urn:oid:2.5.4.3", BASIC, "basic"),
            attribute("urn:oid:2.5.4.3", URI, "uri"),
            attribute("email", BASIC, "kc@x"),
            attribute("email", URI, "wrong@x"));

    assertThat(out)
        .containsExactly(Map.entry("cn", List.of("uri")), Map.entry("email", List.of("kc@x")));
  }

  @Test
  void mapWhenFormatUnspecifiedOrAbsentThenAnyEntryOfThatNameMatches() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("urn:oid:2.5.4.3", UNSPECIFIED, "unspecified"),
            attribute("urn:oid:2.5.4.3", null, "absent"),
            attribute("email", null, "kc@x"));

    assertThat(out.get("cn")).containsExactly("unspecified", "absent");
    assertThat(out.get("email")).containsExactly("kc@x");
  }

  @Test
  void mapWhenSaml11NamespaceEqualsEntryFormatThenMatchesAndOtherNamespaceDoesNot() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims", "ada@corp"),
            attribute("upn", "http://schemas.xmlsoap.org/claims", "other@corp"),
            attribute("urn:oid:2.5.4.3", "http://schemas.xmlsoap.org/claims", "cn"));

    assertThat(out).containsExactly(Map.entry("upn", List.of("ada@corp")));
  }

  @Test
  void mapWhenSubjectPersistentWithoutQualifiersThenIssuerAndSpFilledIn() {
    NameIdValue subject = new NameIdValue("abc123", PERSISTENT, null, null);

    Map<String, List<String>> out = mapper.map(assertion(subject), ScopePolicy.none());

    assertThat(out)
        .containsExactly(Map.entry("persistent-id", List.of(IDP + "!" + SP + "!abc123")));
  }

  @Test
  void mapWhenSubjectHasQualifiersThenTheyAreKept() {
    NameIdValue subject = new NameIdValue("abc123", PERSISTENT, "https://other-idp", "https://sp2");

    Map<String, List<String>> out = mapper.map(assertion(subject), ScopePolicy.none());

    assertThat(out.get("persistent-id")).containsExactly("https://other-idp!https://sp2!abc123");
  }

  @Test
  void mapWhenSubjectHasNoFormatThenMappedAsUnspecified() {
    NameIdValue subject = new NameIdValue("ada", null, null, null);

    Map<String, List<String>> out = mapper.map(assertion(subject), ScopePolicy.none());

    assertThat(out).containsExactly(Map.entry("nameid", List.of("ada ()")));
  }

  @Test
  void mapWhenSubjectFormatUnmappedThenNoId() {
    NameIdValue subject =
        new NameIdValue("t1", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient", null, null);

    assertThat(mapper.map(assertion(subject), ScopePolicy.none())).isEmpty();
  }

  @Test
  void mapWhenValueHoldsNameIdThenNameIdDecoderFormatsAndStringDecoderUsesText() {
    NameIdValue targeted = new NameIdValue("xyz", PERSISTENT, IDP, null);
    RawValue value = new RawValue("xyz", targeted, null);

    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            new RawAttribute(TARGETED_ID, URI, List.of(value, RawValue.of("plain"))),
            new RawAttribute("urn:oid:2.5.4.3", URI, List.of(value)));

    assertThat(out)
        .containsExactly(
            Map.entry("cn", List.of("xyz")),
            Map.entry("persistent-id", List.of(IDP + "!" + SP + "!xyz")));
  }

  @Test
  void mapWhenAttributeUnmappedThenDropped() {
    Map<String, List<String>> out =
        map(
            ScopePolicy.none(),
            attribute("urn:oid:9.9.9", URI, "x"),
            attribute("urn:oid:2.5.4.3", URI, "Ada"));

    assertThat(out).containsOnlyKeys("cn");
  }

  @Test
  void mapWhenNoAttributesThenEmptyUnmodifiableMap() {
    Map<String, List<String>> out = map(ScopePolicy.of(List.of(), List.of(Pattern.compile("x"))));

    assertThat(out).isEmpty();
    assertThat(out).isUnmodifiable();
  }
}
