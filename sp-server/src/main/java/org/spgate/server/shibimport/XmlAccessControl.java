package org.spgate.server.shibimport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A {@code shibboleth2.xml} {@code <AccessControl>} (in a RequestMap Host or Path) as a {@link
 * Requirement}: {@code <Rule require="id">values</Rule>} (space-separated values, one of which must
 * match; {@code list="false"}: the whole text is one value), {@code <RuleRegex require="id">} (the
 * whole value matches; {@code caseSensitive="false"} folds case), {@code <AND>}, {@code <OR>},
 * {@code <NOT>}, and {@code require="valid-user"}. The {@code require} names are attribute ids of
 * the attribute map, which spgate's rules use too. Anything else becomes {@link Requirement.Nobody}
 * (the route fails closed) and is reported.
 */
final class XmlAccessControl {

  /** Where a rule the importer cannot translate is reported. */
  interface Report {
    void untranslated(Element element, String reason, String hint);
  }

  private final Report report;

  XmlAccessControl(Report report) {
    this.report = report;
  }

  /** The requirement of an {@code <AccessControl>} element (its children are ANDed). */
  Requirement read(Element accessControl) {
    List<Requirement> parts = children(accessControl);
    return parts.size() == 1 ? parts.get(0) : new Requirement.All(parts);
  }

  private List<Requirement> children(Element parent) {
    List<Requirement> parts = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        parts.add(rule(element));
      }
    }
    return parts;
  }

  private Requirement rule(Element element) {
    String name = element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
    return switch (name) {
      case "AND" -> new Requirement.All(children(element));
      case "OR" -> new Requirement.Any(children(element));
      case "NOT" -> {
        List<Requirement> inner = children(element);
        yield new Requirement.Not(inner.size() == 1 ? inner.get(0) : new Requirement.Any(inner));
      }
      case "Rule" -> valueRule(element);
      case "RuleRegex" -> regexRule(element);
      default -> unsupported(element, "no spgate rule for <" + name + ">");
    };
  }

  private Requirement valueRule(Element rule) {
    String id = rule.getAttribute("require");
    String text = rule.getTextContent().strip();
    if (id.equals("valid-user")) {
      return new Requirement.Session();
    }
    if (id.isEmpty() || isSpecial(id) || text.isEmpty()) {
      return unsupported(rule, "no spgate rule for require=\"" + id + "\"");
    }
    List<String> values =
        "false".equals(rule.getAttribute("list"))
            ? List.of(text)
            : Arrays.asList(text.split("\\s+"));
    boolean ignoreCase = "false".equals(rule.getAttribute("caseSensitive"));
    return Requirement.Attribute.values(id, values, ignoreCase);
  }

  private Requirement regexRule(Element rule) {
    String id = rule.getAttribute("require");
    String regex = rule.getTextContent().strip();
    if (id.isEmpty() || isSpecial(id) || regex.isEmpty()) {
      return unsupported(rule, "no spgate rule for require=\"" + id + "\"");
    }
    boolean ignoreCase =
        "false".equals(rule.getAttribute("caseSensitive").toLowerCase(Locale.ROOT));
    return Requirement.Attribute.regex(id, ignoreCase ? "(?i)" + regex : regex);
  }

  /** The names Shibboleth gives a meaning other than an attribute id. */
  private static boolean isSpecial(String id) {
    return id.equals("user") || id.startsWith("authnContext");
  }

  private Requirement unsupported(Element element, String reason) {
    report.untranslated(
        element,
        reason,
        "the route is imported with a rule nobody passes (fail closed): write the rule under"
            + " access.rules (attribute values, regex, all/any/not)");
    return new Requirement.Nobody();
  }
}
