package org.spgate.core.access;

import java.util.List;
import java.util.Map;

/** The attribute values of the user a rule is asked about, by attribute id. */
@FunctionalInterface
public interface Attributes {

  /** The values of an attribute; empty when the user has none. */
  List<String> values(String attributeId);

  /** Attributes from a map (tests, and callers that already hold one). */
  static Attributes of(Map<String, List<String>> values) {
    Map<String, List<String>> copy = Map.copyOf(values);
    return id -> copy.getOrDefault(id, List.of());
  }
}
