package org.spgate.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.AllRule;
import org.spgate.core.access.AnyRule;
import org.spgate.core.access.AttributeRule;
import org.spgate.core.access.EmailDomainRule;
import org.spgate.core.access.Levels;
import org.spgate.core.access.NotRule;
import org.spgate.core.access.Rule;
import org.spgate.core.access.SessionRule;

/**
 * Reads the {@code access} section: {@code levels: {attribute, order}} and {@code rules: {name:
 * rule}}. A rule is a mapping with exactly one form: {@code session: true}, {@code level: name},
 * {@code rule: earlier-name}, {@code all: [rules]}, {@code any: [rules]}, {@code not: rule}, or
 * {@code attribute: id} with one of {@code values}, {@code ignoreCase}, {@code regex}, {@code
 * emailDomains}. Regular expressions are compiled here, so a bad one is a configuration error.
 */
final class AccessSection {

  private static final String FORMS =
      "one of session, level, rule, all, any, not, attribute (with values, ignoreCase, regex or"
          + " emailDomains)";

  static final ValueType<Pattern> REGEX =
      new ValueType<>(
          "a Java regular expression matched against the whole value",
          text -> {
            try {
              return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
              throw new IllegalArgumentException(
                  "expected a Java regular expression, got "
                      + ValueType.quote(text)
                      + ": "
                      + e.getDescription()
                      + " near index "
                      + e.getIndex());
            }
          });

  private static final ValueType<Boolean> TRUE_ONLY =
      new ValueType<>(
          "true",
          text -> {
            if (!text.equals("true")) {
              throw new IllegalArgumentException("expected true, got " + ValueType.quote(text));
            }
            return Boolean.TRUE;
          });

  private final @Nullable Levels levels;
  private final Map<String, Rule> named = new LinkedHashMap<>();

  private AccessSection(@Nullable Levels levels) {
    this.levels = levels;
  }

  static AccessConfig read(YamlMapping access) {
    Levels levels = levels(access);
    AccessSection reader = new AccessSection(levels);
    YamlMapping rules = access.mapping("rules");
    for (String name : rules.keys()) {
      YamlMapping body = rules.mapping(name);
      Rule rule = reader.rule(body);
      body.finish();
      if (rule != null) {
        reader.named.put(name, rule);
      }
    }
    rules.finish();
    access.finish();
    return new AccessConfig(reader.named, levels);
  }

  private static @Nullable Levels levels(YamlMapping access) {
    if (access.node("levels") == null) {
      return null;
    }
    YamlMapping levels = access.mapping("levels");
    String attribute = levels.required("attribute", ValueType.TEXT);
    List<String> order = levels.list("order", ValueType.TEXT, List.of(), false);
    if (levels.node("order") == null) {
      levels.problem("order", "required key is missing; expected a list of levels, highest first");
    }
    levels.finish();
    if (attribute == null || order.isEmpty()) {
      if (levels.node("order") != null && order.isEmpty()) {
        levels.problem("order", "expected at least one level, got none");
      }
      return null;
    }
    try {
      return new Levels(attribute, order);
    } catch (IllegalArgumentException e) {
      levels.problem("order", String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** One rule; null (with the problem reported) when it is wrong. */
  private @Nullable Rule rule(YamlMapping m) {
    List<String> forms = new ArrayList<>();
    for (String form : List.of("session", "level", "rule", "all", "any", "not", "attribute")) {
      if (m.node(form) != null) {
        forms.add(form);
      }
    }
    if (forms.size() != 1) {
      m.problemHere(
          "expected a rule with exactly one form ("
              + FORMS
              + "), got "
              + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
      return null;
    }
    return switch (forms.get(0)) {
      case "session" -> m.required("session", TRUE_ONLY) == null ? null : new SessionRule();
      case "level" -> level(m);
      case "rule" -> reference(m);
      case "all" -> combined(m, "all");
      case "any" -> combined(m, "any");
      case "not" -> negated(m);
      default -> attribute(m);
    };
  }

  private @Nullable Rule level(YamlMapping m) {
    String level = m.required("level", ValueType.TEXT);
    if (level == null) {
      return null;
    }
    return levelRule(m, "level", level, levels);
  }

  /** The rule "level or higher", reporting an unknown level or missing levels on {@code key}. */
  static @Nullable Rule levelRule(
      YamlMapping m, String key, String level, @Nullable Levels levels) {
    if (levels == null) {
      m.problem(key, "level " + level + " is used but access.levels is not declared");
      return null;
    }
    if (!levels.has(level)) {
      m.problem(
          key,
          "expected one of the levels " + String.join(", ", levels.order()) + ", got " + level);
      return null;
    }
    return levels.atLeast(level);
  }

  private @Nullable Rule reference(YamlMapping m) {
    String name = m.required("rule", ValueType.TEXT);
    if (name == null) {
      return null;
    }
    Rule rule = named.get(name);
    if (rule == null) {
      m.problem(
          "rule",
          "expected the name of a rule declared above this one ("
              + (named.isEmpty() ? "none is" : String.join(", ", named.keySet()))
              + "), got "
              + name);
    }
    return rule;
  }

  private @Nullable Rule combined(YamlMapping m, String key) {
    boolean[] bad = {false};
    List<Rule> rules =
        m.mappings(
            key,
            item -> {
              Rule rule = rule(item);
              bad[0] |= rule == null;
              return rule;
            });
    if (bad[0]) {
      return null;
    }
    if (rules.isEmpty()) {
      m.problem(key, "expected a list of at least one rule, got none");
      return null;
    }
    return key.equals("all") ? new AllRule(rules) : new AnyRule(rules);
  }

  private @Nullable Rule negated(YamlMapping m) {
    YamlMapping inner = m.mapping("not");
    Rule rule = rule(inner);
    inner.finish();
    return rule == null ? null : new NotRule(rule);
  }

  private @Nullable Rule attribute(YamlMapping m) {
    String attribute = m.required("attribute", ValueType.TEXT);
    List<String> kinds = new ArrayList<>();
    for (String kind : List.of("values", "ignoreCase", "regex", "emailDomains")) {
      if (m.node(kind) != null) {
        kinds.add(kind);
      }
    }
    if (kinds.size() != 1) {
      m.problem(
          "attribute",
          "expected exactly one of values, ignoreCase, regex, emailDomains with attribute, got "
              + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
      return null;
    }
    String kind = kinds.get(0);
    if (kind.equals("regex")) {
      Pattern pattern = m.required("regex", REGEX);
      return attribute == null || pattern == null ? null : AttributeRule.regex(attribute, pattern);
    }
    List<String> values = m.list(kind, ValueType.TEXT, List.of(), true);
    if (values.isEmpty()) {
      m.problem(kind, "expected at least one value, got none");
      return null;
    }
    if (attribute == null) {
      return null;
    }
    return switch (kind) {
      case "values" -> AttributeRule.exact(attribute, values);
      case "ignoreCase" -> AttributeRule.ignoreCase(attribute, values);
      default -> emailDomains(m, attribute, values);
    };
  }

  private static @Nullable Rule emailDomains(
      YamlMapping m, String attribute, List<String> domains) {
    try {
      return new EmailDomainRule(attribute, domains);
    } catch (IllegalArgumentException e) {
      m.problem("emailDomains", String.valueOf(e.getMessage()));
      return null;
    }
  }
}
