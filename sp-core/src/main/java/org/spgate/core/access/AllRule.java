package org.spgate.core.access;

import java.util.List;
import java.util.stream.Collectors;

/** Every rule must allow; the first that denies names the failure ({@code AND}). */
public final class AllRule implements Rule {

  private final List<Rule> rules;

  public AllRule(List<Rule> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("all needs at least one rule");
    }
    this.rules = List.copyOf(rules);
  }

  @Override
  public Decision decide(Attributes user) {
    for (Rule rule : rules) {
      Decision decision = rule.decide(user);
      if (!decision.allowed()) {
        return decision;
      }
    }
    return Decision.allow();
  }

  @Override
  public String describe() {
    return rules.size() == 1
        ? rules.get(0).describe()
        : rules.stream().map(Rule::describe).collect(Collectors.joining(" and ", "(", ")"));
  }
}
