package org.spgate.core.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.Levels;
import org.spgate.core.access.Rule;

/**
 * The {@code access} section: named rules routes refer to, and the nested levels.
 *
 * @param rules the rules by name, in file order
 * @param levels the nested levels, or null when none are declared
 */
public record AccessConfig(Map<String, Rule> rules, @Nullable Levels levels) {

  public AccessConfig {
    rules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rules));
  }

  /** No rules and no levels. */
  static AccessConfig none() {
    return new AccessConfig(Map.of(), null);
  }
}
