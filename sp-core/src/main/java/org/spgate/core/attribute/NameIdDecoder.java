package org.spgate.core.attribute;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.RawValue;

/**
 * {@code NameIDAttributeDecoder}: a name identifier (the subject's NameID, or a value such as
 * eduPersonTargetedID that holds one) rendered through a {@code formatter} template.
 *
 * <p>The template's placeholders are {@code $Name}, {@code $NameQualifier}, {@code
 * $SPNameQualifier} and {@code $Format}; an absent part renders as the empty string. With {@code
 * defaultQualifiers="true"} an absent NameQualifier is the issuing IdP's entityID and an absent
 * SPNameQualifier is our entityID, so that {@code $NameQualifier!$SPNameQualifier!$Name} is the
 * same string whether or not the IdP wrote the qualifiers. The template is parsed once, at load.
 */
final class NameIdDecoder implements ValueDecoder {

  /** The formatter Shibboleth uses when none is given. */
  static final String DEFAULT_FORMATTER = "$Name";

  private static final Logger LOG = LoggerFactory.getLogger(NameIdDecoder.class);

  /** A placeholder of the formatter; longer names first, so "$NameQualifier" is not "$Name". */
  private enum Part {
    NAME_QUALIFIER("$NameQualifier"),
    SP_NAME_QUALIFIER("$SPNameQualifier"),
    FORMAT("$Format"),
    NAME("$Name");

    final String token;

    Part(String token) {
      this.token = token;
    }
  }

  private final String formatter;
  private final boolean defaultQualifiers;

  /** The parsed template: each element is a literal String or a Part. */
  private final List<Object> template;

  /**
   * Parses {@code formatter}.
   *
   * @throws IllegalArgumentException when it holds a {@code $} that starts no known placeholder
   */
  NameIdDecoder(String formatter, boolean defaultQualifiers) {
    this.formatter = formatter;
    this.defaultQualifiers = defaultQualifiers;
    this.template = parse(formatter);
  }

  @Override
  public @Nullable String decode(RawValue value, String id, MappingContext context) {
    NameIdValue nameId = value.nameId();
    if (nameId == null) {
      LOG.warn(
          "dropped a value of attribute {} from {}: NameIDAttributeDecoder expects a NameID"
              + " element, the value is plain text",
          id,
          context.issuer());
      return null;
    }
    if (nameId.value().isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(64);
    for (Object piece : template) {
      if (piece instanceof Part part) {
        out.append(render(part, nameId, context));
      } else {
        out.append((String) piece);
      }
    }
    return out.toString();
  }

  private String render(Part part, NameIdValue nameId, MappingContext context) {
    return switch (part) {
      case NAME -> nameId.value();
      case NAME_QUALIFIER -> qualifier(nameId.nameQualifier(), context.issuer());
      case SP_NAME_QUALIFIER -> qualifier(nameId.spNameQualifier(), context.spEntityId());
      case FORMAT -> orEmpty(nameId.format());
    };
  }

  private String qualifier(@Nullable String given, String fallback) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    return defaultQualifiers ? fallback : "";
  }

  private static String orEmpty(@Nullable String text) {
    return text == null ? "" : text;
  }

  private static List<Object> parse(String formatter) {
    List<Object> template = new ArrayList<>();
    int literalStart = 0;
    int i = 0;
    while (i < formatter.length()) {
      if (formatter.charAt(i) != '$') {
        i++;
        continue;
      }
      Part part = partAt(formatter, i);
      if (part == null) {
        throw new IllegalArgumentException(
            "unknown placeholder at \""
                + formatter.substring(i)
                + "\"; expected $Name,"
                + " $NameQualifier, $SPNameQualifier or $Format");
      }
      if (i > literalStart) {
        template.add(formatter.substring(literalStart, i));
      }
      template.add(part);
      i += part.token.length();
      literalStart = i;
    }
    if (literalStart < formatter.length()) {
      template.add(formatter.substring(literalStart));
    }
    return List.copyOf(template);
  }

  private static @Nullable Part partAt(String formatter, int at) {
    for (Part part : Part.values()) {
      if (formatter.startsWith(part.token, at)) {
        return part;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "NameIDAttributeDecoder(formatter="
        + formatter
        + ", defaultQualifiers="
        + defaultQualifiers
        + ")";
  }
}
