package org.spgate.core.attribute;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code Attribute} element of attribute-map.xml, ready for matching: the SAML name and name
 * format it accepts, the ids it produces and how it decodes values.
 */
final class MapRule {

  /** SAML 2.0 {@code urn:oasis:names:tc:SAML:2.0:attrname-format:uri}. */
  static final String URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

  /** SAML 2.0 {@code urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified}. */
  static final String UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";

  private final String name;
  private final String nameFormat;
  private final List<String> ids;
  private final int[] slots;
  private final ValueDecoder decoder;
  private final int line;

  /**
   * A rule.
   *
   * @param name the {@code name} attribute
   * @param nameFormat the {@code nameFormat} attribute, {@link #URI} when absent
   * @param ids the {@code id} followed by the {@code aliases}, without repeats
   * @param slots for each of {@code ids}, its position in {@link AttributeMap#ids()}
   * @param decoder the value decoder
   * @param line where the element is, for problems that refer back to it
   */
  MapRule(
      String name,
      String nameFormat,
      List<String> ids,
      int[] slots,
      ValueDecoder decoder,
      int line) {
    if (ids.size() != slots.length) {
      throw new IllegalArgumentException("one slot per id");
    }
    this.name = name;
    this.nameFormat = nameFormat;
    this.ids = List.copyOf(ids);
    this.slots = slots.clone();
    this.decoder = decoder;
    this.line = line;
  }

  String name() {
    return name;
  }

  String nameFormat() {
    return nameFormat;
  }

  /** The id, then the aliases; the same String instances as {@link AttributeMap#ids()}. */
  List<String> ids() {
    return ids;
  }

  /** Position in {@link AttributeMap#ids()} of {@code ids().get(index)}. */
  int slot(int index) {
    return slots[index];
  }

  ValueDecoder decoder() {
    return decoder;
  }

  int line() {
    return line;
  }

  /**
   * Whether an attribute of this rule's name, sent with {@code incoming} as its name format (or
   * SAML 1.1 namespace), is for this rule: equal formats, or an incoming format that says nothing
   * (absent or {@code unspecified}). A rule without {@code nameFormat} holds {@link #URI}, so it
   * takes {@code uri} attributes but not {@code basic} ones or SAML 1.1 namespaces.
   */
  boolean acceptsFormat(@Nullable String incoming) {
    return incoming == null || incoming.equals(UNSPECIFIED) || incoming.equals(nameFormat);
  }

  @Override
  public String toString() {
    return "Attribute(name="
        + name
        + ", nameFormat="
        + nameFormat
        + ", ids="
        + ids
        + ", "
        + decoder
        + ")";
  }
}
