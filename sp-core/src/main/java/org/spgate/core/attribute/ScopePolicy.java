package org.spgate.core.attribute;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The scopes an IdP may assert, from the {@code shibmd:Scope} elements of its metadata.
 *
 * <p>A scoped value ({@code user@scope}) whose scope is not accepted is dropped by the mapper, as
 * the Shibboleth SP's default attribute policy does. An IdP whose metadata lists no scope at all
 * (AD FS, Entra ID, most commercial IdPs) gets {@link #none()}: its scoped values pass unchecked,
 * because there is nothing to check them against.
 */
public interface ScopePolicy {

  /** Whether {@code scope} is one the IdP may assert; compared exactly (case-sensitive). */
  boolean accepts(String scope);

  /**
   * Whether {@code scope} is one the IdP may assert, comparing case-insensitively; used for
   * attributes whose decoder says {@code caseSensitive="false"} (scopes are DNS names).
   */
  default boolean acceptsIgnoringCase(String scope) {
    return accepts(scope);
  }

  /** Whether any scope is listed; {@code false} means every scope is accepted. */
  boolean enforced();

  /** The policy of an IdP that lists no scope: everything is accepted, nothing enforced. */
  static ScopePolicy none() {
    return NoScopes.INSTANCE;
  }

  /**
   * The policy of an IdP that lists these scopes.
   *
   * @param literals {@code shibmd:Scope} values with {@code regexp="false"}
   * @param regexes {@code shibmd:Scope} values with {@code regexp="true"}; a scope is accepted when
   *     a pattern matches it entirely
   * @return {@link #none()} when both are empty
   */
  static ScopePolicy of(Collection<String> literals, Collection<Pattern> regexes) {
    if (literals.isEmpty() && regexes.isEmpty()) {
      return none();
    }
    return new ListedScopes(literals, regexes);
  }
}
