package org.spgate.core.attribute;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The scope policy of an IdP whose metadata lists scopes, literally or as regular expressions. */
final class ListedScopes implements ScopePolicy {

  private final Set<String> literals;
  private final Set<String> foldedLiterals;
  private final List<Pattern> regexes;
  private final List<Pattern> foldedRegexes;

  ListedScopes(Collection<String> literals, Collection<Pattern> regexes) {
    this.literals = Set.copyOf(literals);
    this.foldedLiterals =
        literals.stream().map(ListedScopes::fold).collect(Collectors.toUnmodifiableSet());
    this.regexes = List.copyOf(regexes);
    // Compiled once here so that the case-insensitive check costs no more than the exact one.
    this.foldedRegexes =
        regexes.stream()
            .map(p -> Pattern.compile(p.pattern(), p.flags() | Pattern.CASE_INSENSITIVE))
            .collect(Collectors.toUnmodifiableList());
  }

  @Override
  public boolean accepts(String scope) {
    return literals.contains(scope) || matchesAny(regexes, scope);
  }

  @Override
  public boolean acceptsIgnoringCase(String scope) {
    return foldedLiterals.contains(fold(scope)) || matchesAny(foldedRegexes, scope);
  }

  @Override
  public boolean enforced() {
    return true;
  }

  @Override
  public String toString() {
    return "scopes " + literals + " regexes " + regexes;
  }

  private static boolean matchesAny(List<Pattern> patterns, String scope) {
    for (Pattern pattern : patterns) {
      // matches(), not find(): "example\.org" must not accept "evil-example.org.attacker.net".
      if (pattern.matcher(scope).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String fold(String scope) {
    return scope.toLowerCase(Locale.ROOT);
  }
}
