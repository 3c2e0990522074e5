package org.spgate.core.attribute;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;

/**
 * Reads one {@code <AttributeDecoder xsi:type="...">} element into a {@link ValueDecoder},
 * reporting unknown types and malformed settings to the {@link AttributeMapReader}.
 */
final class DecoderReader {

  private final AttributeMapReader reader;
  private final Element element;

  DecoderReader(AttributeMapReader reader, Element element) {
    this.reader = reader;
    this.element = element;
  }

  /** The decoder, or {@code null} when the element has a problem (already reported). */
  @Nullable ValueDecoder read() {
    String type = type();
    if (type == null) {
      return null;
    }
    // Read by every decoder type, as in Shibboleth; only the scoped decoder uses it.
    Boolean caseSensitive = bool("caseSensitive", true);
    switch (type) {
      case "StringAttributeDecoder":
        return caseSensitive == null ? null : StringDecoder.INSTANCE;
      case "ScopedAttributeDecoder":
        return scoped(caseSensitive);
      case "NameIDAttributeDecoder":
        return nameId();
      default:
        reader.problem(
            element,
            "AttributeDecoder/@xsi:type",
            "unsupported decoder type \""
                + type
                + "\"; expected StringAttributeDecoder,"
                + " ScopedAttributeDecoder or NameIDAttributeDecoder");
        return null;
    }
  }

  private @Nullable ValueDecoder scoped(@Nullable Boolean caseSensitive) {
    String delimiter = text("scopeDelimiter", "@");
    if (delimiter.isEmpty()) {
      reader.problem(
          element, "AttributeDecoder/@scopeDelimiter", "empty; expected a character such as @");
      return null;
    }
    return caseSensitive == null ? null : new ScopedDecoder(delimiter, caseSensitive);
  }

  private @Nullable ValueDecoder nameId() {
    Boolean defaultQualifiers = bool("defaultQualifiers", false);
    String formatter = text("formatter", NameIdDecoder.DEFAULT_FORMATTER);
    try {
      NameIdDecoder decoder = new NameIdDecoder(formatter, Boolean.TRUE.equals(defaultQualifiers));
      return defaultQualifiers == null ? null : decoder;
    } catch (IllegalArgumentException e) {
      reader.problem(element, "AttributeDecoder/@formatter", String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** The local part of {@code xsi:type}, or {@code null} when missing or foreign (reported). */
  private @Nullable String type() {
    Attr attr = element.getAttributeNodeNS(AttributeMapReader.XSI, "type");
    if (attr == null || attr.getValue().isBlank()) {
      reader.problem(
          element,
          "AttributeDecoder/@xsi:type",
          "missing; expected xsi:type=\"StringAttributeDecoder\", \"ScopedAttributeDecoder\" or"
              + " \"NameIDAttributeDecoder\"");
      return null;
    }
    String qname = attr.getValue().strip();
    int colon = qname.indexOf(':');
    if (colon < 0) {
      return qname;
    }
    // A prefix we can resolve must be the attribute-map namespace; one we cannot (declared but
    // unused on elements, so not kept by the DOM) is taken at its word.
    String namespace = element.lookupNamespaceURI(qname.substring(0, colon));
    if (namespace != null && !namespace.equals(AttributeMapReader.NAMESPACE)) {
      reader.problem(
          element,
          "AttributeDecoder/@xsi:type",
          "\""
              + qname
              + "\" is in namespace "
              + namespace
              + "; expected a decoder type of "
              + AttributeMapReader.NAMESPACE);
      return null;
    }
    return qname.substring(colon + 1);
  }

  private String text(String attribute, String otherwise) {
    Attr attr = element.getAttributeNodeNS(null, attribute);
    return attr == null ? otherwise : attr.getValue();
  }

  /** An xs:boolean setting, or {@code null} when malformed (reported). */
  private @Nullable Boolean bool(String attribute, boolean otherwise) {
    String value = text(attribute, Boolean.toString(otherwise)).strip();
    switch (value) {
      case "true":
      case "1":
        return Boolean.TRUE;
      case "false":
      case "0":
        return Boolean.FALSE;
      default:
        reader.problem(
            element,
            "AttributeDecoder/@" + attribute,
            "\"" + value + "\" is not a boolean; expected true or false");
        return null;
    }
  }
}
