package org.spgate.core.assertion;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * A SAML name identifier (SAML 2.0 {@code NameID} or SAML 1.1 {@code NameIdentifier}).
 *
 * @param value the full text content of the element
 * @param format the {@code Format} attribute, or {@code null} when absent
 * @param nameQualifier the {@code NameQualifier} attribute, or {@code null}
 * @param spNameQualifier the {@code SPNameQualifier} attribute, or {@code null}
 */
public record NameIdValue(
    String value,
    @Nullable String format,
    @Nullable String nameQualifier,
    @Nullable String spNameQualifier)
    implements Serializable {

  /** Formats and qualifiers repeat across users: keep their canonical instances (see Session). */
  public NameIdValue {
    format = format == null ? null : format.intern();
    nameQualifier = nameQualifier == null ? null : nameQualifier.intern();
    spNameQualifier = spNameQualifier == null ? null : spNameQualifier.intern();
  }
}
