package org.spgate.core.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static org.spgate.core.attribute.TestAttributeMaps.HEADER;
import static org.spgate.core.attribute.TestAttributeMaps.load;
import static org.spgate.core.attribute.TestAttributeMaps.write;
import static org.spgate.core.attribute.TestAttributeMaps.writeFile;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;

class AttributeMapTest {

  @TempDir Path dir;

  @Test
  void loadWhenEntriesValidThenIdsAndAliasesInFileOrder() throws Exception {
    AttributeMap map =
        load(
            dir,
            "<Attribute name=\"urn:oid:2.5.4.42\" id=\"givenName\" aliases=\"first  given\"/>\n"
                + "<Attribute name=\"urn:oid:1.3.6.1.4.1.5923.1.1.1.6\" id=\"eppn\">\n"
                + "  <AttributeDecoder xsi:type=\"ScopedAttributeDecoder\"/>\n"
                + "</Attribute>\n"
                + "<Attribute name=\"http://example.org/given\" id=\"givenName\"/>\n");

    assertThat(map.ids()).containsExactly("givenName", "first", "given", "eppn");
  }

  @Test
  void loadWhenShibbolethOnlyXmlAttributesPresentThenIgnoresThem() throws Exception {
    AttributeMap map =
        load(
            dir,
            "<Attribute name=\"urn:oid:2.5.4.3\" id=\"cn\" isRequested=\"true\">\n"
                + "  <AttributeDecoder xsi:type=\"StringAttributeDecoder\" internal=\"true\"/>\n"
                + "</Attribute>\n");

    assertThat(map.ids()).containsExactly("cn");
  }

  @Test
  void loadWhenMapHasSeveralMistakesThenReportsEachWithItsLine() throws Exception {
    Path file =
        write(
            dir,
            "<Attribute name=\"urn:oid:2.5.4.3\"/>\n" // line 4: no id
                + "<Attribute id=\"sn\"/>\n" // line 5: no name
                + "<Attribute name=\"a\" id=\"a\">\n" // line 6
                + "  <AttributeDecoder xsi:type=\"Base64AttributeDecoder\"/>\n" // line 7
                + "</Attribute>\n"
                + "<Attribute name=\"b\" id=\"b\"/>\n" // line 9
                + "<Attribute name=\"b\" id=\"b2\" nameFormat=\"" // line 10: duplicate of 9
                + TestAttributeMaps.URI
                + "\"/>\n"
                + "<Rule name=\"c\" id=\"c\"/>\n" // line 11: unknown element
                + "<Attribute name=\"d\" id=\"d\">\n" // line 12
                + "  <Decoder/>\n" // line 13: unknown child
                + "</Attribute>\n"
                + "<Attribute name=\"e\" id=\"remote_user\"/>\n" // line 15: underscore
                + "<Attribute name=\"f\" id=\"B\"/>\n" // line 16: collides with b
                + "<Attribute name=\"g\" id=\"g\">\n" // line 17
                + "  <AttributeDecoder xsi:type=\"NameIDAttributeDecoder\" formatter=\"$Nom\""
                + " defaultQualifiers=\"yes\"/>\n" // line 18: bad placeholder, bad boolean
                + "</Attribute>\n");

    ConfigException e =
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> AttributeMap.load(file))
            .actual();

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::key)
        .containsExactly(
            tuple(4, "Attribute/@id"),
            tuple(5, "Attribute/@name"),
            tuple(7, "AttributeDecoder/@xsi:type"),
            tuple(10, "Attribute"),
            tuple(11, "Rule"),
            tuple(13, "Decoder"),
            tuple(15, "Attribute/@id"),
            tuple(16, "Attribute/@id"),
            tuple(18, "AttributeDecoder/@defaultQualifiers"),
            tuple(18, "AttributeDecoder/@formatter"));
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
    assertThat(e.getMessage())
        .contains("Base64AttributeDecoder")
        .contains("already mapped on line 9")
        .contains("\"B\" and \"b\" (line 9)");
  }

  @Test
  void loadWhenDoctypePresentThenRefused() throws Exception {
    String entries = "<Attribute name=\"urn:oid:2.5.4.3\" id=\"cn\"/>\n</Attributes>\n";
    Path withDoctype =
        writeFile(
            dir,
            HEADER.replace("<Attributes", "<!DOCTYPE Attributes [<!ENTITY x \"y\">]>\n<Attributes")
                + entries);

    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> AttributeMap.load(withDoctype))
        .withMessageContaining("DOCTYPE");
    assertThat(AttributeMap.load(writeFile(dir, HEADER + entries)).ids()).containsExactly("cn");
  }

  @Test
  void loadWhenRootInOtherNamespaceThenRefused() throws Exception {
    String wrong = HEADER.replace("urn:mace:shibboleth:2.0:attribute-map", "urn:example:map");
    Path file = writeFile(dir, wrong + "<Attribute name=\"n\" id=\"n\"/>\n</Attributes>\n");

    ConfigException e =
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> AttributeMap.load(file))
            .actual();

    assertThat(e.problems()).singleElement().extracting(ConfigProblem::line).isEqualTo(3);
    assertThat(e.getMessage()).contains("urn:mace:shibboleth:2.0:attribute-map");
  }

  @Test
  void loadWhenIdsDifferOnlyInCaseThenRefusedButSameSpellingAccepted() throws Exception {
    AttributeMap same =
        load(
            dir,
            "<Attribute name=\"a\" id=\"givenName\"/>\n<Attribute name=\"b\" id=\"givenName\"/>\n");
    assertThat(same.ids()).containsExactly("givenName");

    Path file =
        write(
            dir,
            "<Attribute name=\"a\" id=\"givenName\"/>\n<Attribute name=\"b\" id=\"givenname\"/>\n");
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> AttributeMap.load(file))
        .withMessageContaining("same HTTP header");
  }

  @Test
  void loadWhenSameNameWithOtherFormatThenAccepted() throws Exception {
    AttributeMap map =
        load(
            dir,
            "<Attribute name=\"email\" id=\"email\"/>\n"
                + "<Attribute name=\"email\" nameFormat=\""
                + TestAttributeMaps.BASIC
                + "\" id=\"email\"/>\n");

    assertThat(map.rulesFor("email")).hasSize(2);
  }

  @Test
  void loadWhenSecondDecoderThenRefused() throws Exception {
    Path file =
        write(
            dir,
            "<Attribute name=\"a\" id=\"a\">\n"
                + "  <AttributeDecoder xsi:type=\"StringAttributeDecoder\"/>\n"
                + "  <AttributeDecoder xsi:type=\"ScopedAttributeDecoder\"/>\n"
                + "</Attribute>\n");

    ConfigException e =
        assertThatExceptionOfType(ConfigException.class)
            .isThrownBy(() -> AttributeMap.load(file))
            .actual();

    assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(6);
  }

  @Test
  void loadWhenFileMissingThenReportsIt() {
    Path missing = dir.resolve("nope.xml");

    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> AttributeMap.load(missing))
        .satisfies(
            e -> assertThat(e.problems()).extracting(ConfigProblem::file).containsExactly(missing));
  }

  @Test
  void rulesForWhenNameUnknownThenEmpty() throws Exception {
    AttributeMap map = load(dir, "<Attribute name=\"a\" id=\"a\"/>\n");

    assertThat(map.rulesFor("b")).isEqualTo(List.of());
    assertThat(map.rulesFor("a")).hasSize(1);
  }
}
