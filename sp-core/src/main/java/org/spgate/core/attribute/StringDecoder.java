package org.spgate.core.attribute;

import org.spgate.core.assertion.RawValue;

/**
 * {@code StringAttributeDecoder}, the default: the value's text, verbatim.
 *
 * <p>Nothing is trimmed or split, as in Shibboleth. A value holding a {@code NameID} yields the
 * element's text, i.e. the identifier without its qualifiers.
 */
enum StringDecoder implements ValueDecoder {
  INSTANCE;

  @Override
  public String decode(RawValue value, String id, MappingContext context) {
    return value.text();
  }

  @Override
  public String toString() {
    return "StringAttributeDecoder";
  }
}
