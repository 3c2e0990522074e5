package org.spgate.core.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nested access levels: an attribute and its values from the highest level to the lowest; each
 * level includes every level after it ({@code [admin, ea, devel, stable]}: an {@code ea} user may
 * enter what a {@code devel} or {@code stable} user may). Values compare exactly.
 */
public final class Levels {

  private final String attribute;
  private final List<String> order;
  private final Map<String, Integer> rank = new HashMap<>();

  /**
   * @throws IllegalArgumentException when the order is empty or names a level twice
   */
  public Levels(String attribute, List<String> order) {
    if (order.isEmpty()) {
      throw new IllegalArgumentException("expected at least one level, got none");
    }
    this.attribute = attribute;
    this.order = List.copyOf(order);
    for (int i = 0; i < order.size(); i++) {
      if (rank.putIfAbsent(order.get(i), i) != null) {
        throw new IllegalArgumentException("level " + order.get(i) + " is listed twice");
      }
    }
  }

  /** The levels, highest first. */
  public List<String> order() {
    return order;
  }

  /** Whether {@code level} is one of the levels. */
  public boolean has(String level) {
    return rank.containsKey(level);
  }

  /**
   * The rule "level {@code level} or higher".
   *
   * @throws IllegalArgumentException when {@code level} is not one of the levels
   */
  public Rule atLeast(String level) {
    Integer needed = rank.get(level);
    if (needed == null) {
      throw new IllegalArgumentException(
          "expected one of the levels " + String.join(", ", order) + ", got " + level);
    }
    String requirement = "level " + level + " or higher";
    Decision denied = Decision.deny(requirement);
    return new Rule() {
      @Override
      public Decision decide(Attributes user) {
        for (String value : user.values(attribute)) {
          Integer held = rank.get(value);
          if (held != null && held <= needed) {
            return Decision.allow();
          }
        }
        return denied;
      }

      @Override
      public String describe() {
        return requirement;
      }
    };
  }
}
