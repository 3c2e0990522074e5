package org.spgate.core.assertion;

import org.jspecify.annotations.Nullable;

/**
 * One value of a SAML attribute as it arrived, read from a verified element.
 *
 * @param text the full text content of the value element (comments never split it)
 * @param nameId the name identifier when the value holds a {@code NameID} element, else {@code
 *     null}
 * @param scope the value element's {@code Scope} XML attribute (Shibboleth's alternative to {@code
 *     value@scope}), or {@code null}
 */
public record RawValue(String text, @Nullable NameIdValue nameId, @Nullable String scope) {

  /** A plain string value. */
  public static RawValue of(String text) {
    return new RawValue(text, null, null);
  }
}
