package org.spgate.core.attribute;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.RawValue;

/**
 * {@code ScopedAttributeDecoder}: a value of the form {@code value@scope}, or a value element
 * carrying a {@code Scope} XML attribute; yields {@code value@scope} when the issuer may assert
 * that scope.
 *
 * <p>Implementation notes. The text is split at the <em>first</em> delimiter, so a value such as
 * {@code evil@attacker.example@university.example} yields the scope {@code
 * attacker.example@university.example}, which no metadata lists; a split at the last delimiter
 * would accept it for {@code university.example}. For the same reason a value whose XML {@code
 * Scope} attribute is set but whose text still contains the delimiter is dropped (Shibboleth's
 * default attribute-policy.xml does this with its {@code ValueRegex "@"} rule). A value without a
 * scope passes only when the issuer lists no scopes at all. Rejections are logged at WARN with the
 * attribute id, the scope and the issuer, never the value: "attributes don't show up" is the most
 * common SP support question and must be answerable from the log.
 *
 * @param delimiter the {@code scopeDelimiter} attribute, default {@code @}
 * @param caseSensitive the {@code caseSensitive} attribute, default {@code true}; {@code false}
 *     compares scopes with the metadata case-insensitively
 */
record ScopedDecoder(String delimiter, boolean caseSensitive) implements ValueDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ScopedDecoder.class);

  ScopedDecoder {
    if (delimiter.isEmpty()) {
      throw new IllegalArgumentException("scopeDelimiter must not be empty");
    }
  }

  @Override
  public @Nullable String decode(RawValue value, String id, MappingContext context) {
    String text = value.text();
    if (text.isEmpty()) {
      return null;
    }
    String xmlScope = value.scope();
    if (xmlScope != null && !xmlScope.isEmpty()) {
      if (text.contains(delimiter)) {
        LOG.warn(
            "dropped a value of attribute {} from {}: it has Scope=\"{}\" but its text also"
                + " contains the scope delimiter \"{}\"",
            id,
            context.issuer(),
            xmlScope,
            delimiter);
        return null;
      }
      return checked(text, xmlScope, text + delimiter + xmlScope, id, context);
    }
    int at = text.indexOf(delimiter);
    if (at < 0 || at + delimiter.length() == text.length()) {
      return unscoped(text, id, context);
    }
    return checked(
        text.substring(0, at), text.substring(at + delimiter.length()), text, id, context);
  }

  private @Nullable String checked(
      String bare, String scope, String scoped, String id, MappingContext context) {
    if (bare.isEmpty()) {
      LOG.debug("dropped an empty value with scope {} of attribute {}", scope, id);
      return null;
    }
    ScopePolicy scopes = context.scopes();
    boolean accepted = caseSensitive ? scopes.accepts(scope) : scopes.acceptsIgnoringCase(scope);
    if (!accepted) {
      LOG.warn(
          "dropped a value of attribute {} from {}: scope \"{}\" is not among the IdP's"
              + " metadata scopes ({})",
          id,
          context.issuer(),
          scope,
          scopes);
      return null;
    }
    return scoped;
  }

  private @Nullable String unscoped(String text, String id, MappingContext context) {
    if (context.scopes().enforced()) {
      LOG.warn(
          "dropped a value of attribute {} from {}: it has no scope, but the IdP's metadata"
              + " lists scopes",
          id,
          context.issuer());
      return null;
    }
    return text;
  }

  @Override
  public String toString() {
    return "ScopedAttributeDecoder(scopeDelimiter="
        + delimiter
        + ", caseSensitive="
        + caseSensitive
        + ")";
  }
}
