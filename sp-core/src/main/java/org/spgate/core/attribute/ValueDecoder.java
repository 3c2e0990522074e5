package org.spgate.core.attribute;

import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.RawValue;

/**
 * An {@code AttributeDecoder} of attribute-map.xml: turns one incoming value into the string that
 * the mapped attribute holds.
 */
sealed interface ValueDecoder permits StringDecoder, ScopedDecoder, NameIdDecoder {

  /**
   * The decoded value, or {@code null} when the value is dropped (a decoder that drops a value for
   * a reason an operator must know, such as a rejected scope, logs it).
   *
   * @param value the value as it arrived
   * @param id the attribute id being produced, for log lines
   * @param context the issuer, our entityID and the issuer's scopes
   */
  @Nullable String decode(RawValue value, String id, MappingContext context);
}
