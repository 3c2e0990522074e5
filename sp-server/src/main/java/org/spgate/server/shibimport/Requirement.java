package org.spgate.server.shibimport;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may reach a path, as Apache {@code Require} lines or a {@code shibboleth2.xml} {@code
 * <AccessControl>} say it, in the shape of spgate's {@code access.rules}: written out by {@link
 * #yaml()} as one rule (a flow mapping).
 */
sealed interface Requirement {

  /** Anyone, with or without a session ({@code Require shibboleth}: a lazy session). */
  record Anyone() implements Requirement {}

  /**
   * Nobody: what a requirement the importer cannot translate becomes, so the route fails closed
   * until the operator writes the rule (it is listed as not imported).
   */
  record Nobody() implements Requirement {}

  /** Anyone with a session ({@code Require valid-user}, {@code require="valid-user"}). */
  record Session() implements Requirement {}

  /**
   * An attribute (by its attribute-map id) with at least one value among {@code values}, or
   * matching {@code regex} when that is set.
   */
  record Attribute(String id, List<String> values, boolean ignoreCase, String regex)
      implements Requirement {
    static Attribute values(String id, List<String> values, boolean ignoreCase) {
      return new Attribute(id, List.copyOf(values), ignoreCase, "");
    }

    static Attribute regex(String id, String regex) {
      return new Attribute(id, List.of(), false, regex);
    }
  }

  /** Every one of {@code parts} ({@code <RequireAll>}, {@code <AND>}). */
  record All(List<Requirement> parts) implements Requirement {}

  /** At least one of {@code parts} ({@code <RequireAny>}, several Require lines, {@code <OR>}). */
  record Any(List<Requirement> parts) implements Requirement {}

  /** Not {@code part} ({@code Require not}, {@code <RequireNone>}, {@code <NOT>}). */
  record Not(Requirement part) implements Requirement {}

  /**
   * The same requirement with what a session already gives taken out: in an {@code All}, {@code
   * Anyone} and {@code Session} add nothing (the route asks for a session anyway); an {@code Any}
   * holding one of them is met by it. The result is {@link Anyone}, {@link Session}, or a rule.
   */
  static Requirement simplified(Requirement requirement) {
    if (requirement instanceof All all) {
      List<Requirement> parts = new ArrayList<>();
      boolean session = false;
      for (Requirement part : all.parts()) {
        Requirement simple = simplified(part);
        if (simple instanceof Session) {
          session = true;
        } else if (!(simple instanceof Anyone)) {
          parts.add(simple);
        }
      }
      if (parts.isEmpty()) {
        return session ? new Session() : new Anyone();
      }
      return parts.size() == 1 ? parts.get(0) : new All(parts);
    }
    if (requirement instanceof Any any) {
      List<Requirement> parts = new ArrayList<>();
      boolean session = false;
      for (Requirement part : any.parts()) {
        Requirement simple = simplified(part);
        if (simple instanceof Anyone) {
          return simple;
        }
        session |= simple instanceof Session;
        parts.add(simple);
      }
      if (session) {
        return new Session();
      }
      if (parts.isEmpty()) {
        return new Anyone();
      }
      return parts.size() == 1 ? parts.get(0) : new Any(parts);
    }
    if (requirement instanceof Not not) {
      return new Not(simplified(not.part()));
    }
    return requirement;
  }

  /** This requirement as one spgate rule, a YAML flow mapping. */
  default String yaml() {
    if (this instanceof Session || this instanceof Anyone) {
      return "{session: true}";
    }
    if (this instanceof Nobody) {
      return "{not: {session: true}}";
    }
    if (this instanceof Attribute a) {
      String match =
          !a.regex().isEmpty()
              ? "regex: " + Yaml.quote(a.regex())
              : (a.ignoreCase() ? "ignoreCase: " : "values: ") + Yaml.list(a.values());
      return "{attribute: " + Yaml.quote(a.id()) + ", " + match + "}";
    }
    if (this instanceof All all) {
      return "{all: ["
          + String.join(", ", all.parts().stream().map(Requirement::yaml).toList())
          + "]}";
    }
    if (this instanceof Any any) {
      return "{any: ["
          + String.join(", ", any.parts().stream().map(Requirement::yaml).toList())
          + "]}";
    }
    return "{not: " + ((Not) this).part().yaml() + "}";
  }
}
