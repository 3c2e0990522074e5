package org.spgate.core.attribute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.config.ConfigException;

/** Attribute-map files and verified assertions for the attribute tests. */
final class TestAttributeMaps {

  static final String IDP = "https://idp.example.org/idp/shibboleth";
  static final String SP = "https://sp.example.org/shibboleth";
  static final String URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
  static final String BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
  static final String UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
  static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

  /** The root start tag; entries begin on line 4 of the file. */
  static final String HEADER =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<Attributes xmlns=\"urn:mace:shibboleth:2.0:attribute-map\"\n"
          + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n";

  private TestAttributeMaps() {}

  /** Writes {@code content} verbatim as attribute-map.xml in {@code dir}. */
  static Path writeFile(Path dir, String content) throws IOException {
    Path file = dir.resolve("attribute-map.xml");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** Writes a map whose root holds {@code entries}, which start on line 4. */
  static Path write(Path dir, String entries) throws IOException {
    return writeFile(dir, HEADER + entries + "</Attributes>\n");
  }

  /** Writes and loads a map whose root holds {@code entries}. */
  static AttributeMap load(Path dir, String entries) throws IOException, ConfigException {
    return AttributeMap.load(write(dir, entries));
  }

  /** A SAML 2.0 assertion from {@link #IDP} with this subject and these attributes. */
  static VerifiedAssertion assertion(@Nullable NameIdValue subject, RawAttribute... attributes) {
    return new VerifiedAssertion(
        Protocol.SAML2,
        IDP,
        "_a1",
        subject,
        "2024-01-01T00:00:00Z",
        null,
        null,
        null,
        null,
        List.of(attributes));
  }

  /** An attribute of plain string values. */
  static RawAttribute attribute(String name, @Nullable String format, String... values) {
    return new RawAttribute(name, format, List.of(values).stream().map(RawValue::of).toList());
  }
}
