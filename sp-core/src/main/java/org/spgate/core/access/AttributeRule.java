package org.spgate.core.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One attribute must have at least one value that matches: exactly one of the listed values, one of
 * them ignoring case, or a regular expression matched against the whole value. This is a Shibboleth
 * {@code <Rule>} / {@code <RuleRegex>}: any value of a multi-valued attribute may match.
 */
public final class AttributeRule implements Rule {

  private final String attribute;
  private final String how;
  private final java.util.function.Predicate<String> matches;
  private final Decision denied;

  private AttributeRule(String attribute, String how, java.util.function.Predicate<String> test) {
    this.attribute = attribute;
    this.how = how;
    this.matches = test;
    this.denied = Decision.deny(describe());
  }

  /** A value equal to one of {@code values} (case-sensitive). */
  public static AttributeRule exact(String attribute, List<String> values) {
    Set<String> allowed = Set.copyOf(values);
    return new AttributeRule(attribute, countOf(values), allowed::contains);
  }

  /** A value equal to one of {@code values} ignoring case ({@link Locale#ROOT} folding). */
  public static AttributeRule ignoreCase(String attribute, List<String> values) {
    Set<String> allowed =
        values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return new AttributeRule(
        attribute,
        countOf(values) + " ignoring case",
        v -> allowed.contains(v.toLowerCase(Locale.ROOT)));
  }

  /** A value the whole of which matches {@code pattern}. */
  public static AttributeRule regex(String attribute, Pattern pattern) {
    return new AttributeRule(attribute, "matching a pattern", v -> pattern.matcher(v).matches());
  }

  private static String countOf(List<String> values) {
    return values.size() == 1 ? "one allowed value" : "one of " + values.size() + " allowed values";
  }

  @Override
  public Decision decide(Attributes user) {
    for (String value : user.values(attribute)) {
      if (matches.test(value)) {
        return Decision.allow();
      }
    }
    return denied;
  }

  @Override
  public String describe() {
    return "attribute " + attribute + " with " + how;
  }
}
