package org.spgate.core.access;

import java.util.List;
import java.util.stream.Collectors;

/** At least one rule must allow ({@code OR}); when none does, all of them are named. */
public final class AnyRule implements Rule {

  private final List<Rule> rules;
  private final Decision denied;

  public AnyRule(List<Rule> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("any needs at least one rule");
    }
    this.rules = List.copyOf(rules);
    this.denied = Decision.deny(describe());
  }

  @Override
  public Decision decide(Attributes user) {
    for (Rule rule : rules) {
      if (rule.decide(user).allowed()) {
        return Decision.allow();
      }
    }
    return denied;
  }

  @Override
  public String describe() {
    return rules.size() == 1
        ? rules.get(0).describe()
        : rules.stream().map(Rule::describe).collect(Collectors.joining(" or ", "(", ")"));
  }
}
