package org.spgate.core.assertion;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A SAML attribute as it arrived: SAML 2.0 {@code Name}/{@code NameFormat}, or SAML 1.1 {@code
 * AttributeName}/{@code AttributeNamespace}.
 *
 * @param name the attribute's name
 * @param nameFormat the name format (SAML 2.0) or namespace (SAML 1.1); {@code null} when absent
 * @param values its values in document order
 */
public record RawAttribute(String name, @Nullable String nameFormat, List<RawValue> values) {
  public RawAttribute {
    values = List.copyOf(values);
  }
}
