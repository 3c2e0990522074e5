package org.spgate.core.attribute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.xml.LocatedXml;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads attribute-map.xml into {@link MapRule}s, collecting every mistake with its line.
 *
 * <p>What is checked: the root element and namespace; {@code name} and {@code id} present and
 * non-empty; ids and aliases usable as HTTP header names (RFC 9110 token characters, no underscore)
 * and not differing from another id only in letter case (they would become the same header); one
 * entry per (name, nameFormat); known decoder types with well-formed settings; no unknown child
 * elements. XML attributes we do not use (e.g. {@code isRequested}) are ignored so that maps
 * written for the Shibboleth SP load unchanged.
 */
final class AttributeMapReader {

  static final String NAMESPACE = "urn:mace:shibboleth:2.0:attribute-map";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  private static final String ROOT = "Attributes";
  private static final String ATTRIBUTE = "Attribute";
  private static final String DECODER = "AttributeDecoder";

  // RFC 9110 tchar without "_": many proxies drop underscore headers, and spgate treats "_" and
  // "-" as equal when stripping client-sent copies.
  private static final Pattern HEADER_TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^`|~-]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** Where an id was first seen, to report a header-name collision with both lines. */
  private record Seen(String id, int line) {}

  private final Path file;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<MapRule> rules = new ArrayList<>();

  /** Every id and alias in file order, mapped to its slot; keys are the canonical instances. */
  private final Map<String, Integer> slots = new LinkedHashMap<>();

  private final Map<String, String> canonical = new HashMap<>();
  private final Map<String, Seen> headerNames = new HashMap<>();
  private final Map<String, Integer> entries = new HashMap<>();

  private AttributeMapReader(Path file) {
    this.file = file;
  }

  /** Reads and checks {@code file}. */
  static AttributeMap read(Path file) throws ConfigException {
    AttributeMapReader reader = new AttributeMapReader(file);
    reader.readRoot(LocatedXml.read(file).getDocumentElement());
    if (!reader.problems.isEmpty()) {
      throw new ConfigException(reader.problems);
    }
    return new AttributeMap(reader.rules, List.copyOf(reader.slots.keySet()));
  }

  private void readRoot(Element root) {
    if (!ROOT.equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
      problem(
          root,
          root.getTagName(),
          "the root element must be <Attributes xmlns=\""
              + NAMESPACE
              + "\">; found <"
              + root.getTagName()
              + "> in namespace "
              + root.getNamespaceURI());
      return;
    }
    for (Element child : children(root)) {
      if (isMapElement(child, ATTRIBUTE)) {
        readAttribute(child);
      } else {
        problem(child, child.getTagName(), "unknown element; expected <Attribute>");
      }
    }
  }

  private void readAttribute(Element element) {
    int before = problems.size();
    String name = required(element, "name");
    String id = required(element, "id");
    String nameFormat = optional(element, "nameFormat");
    List<String> ids = new ArrayList<>();
    if (id != null) {
      ids.add(id);
    }
    String aliases = element.getAttributeNS(null, "aliases");
    for (String alias : SPACES.split(aliases.strip())) {
      if (!alias.isEmpty() && !ids.contains(alias)) {
        ids.add(alias);
      }
    }
    for (String each : ids) {
      checkId(element, each, each.equals(id) ? "Attribute/@id" : "Attribute/@aliases");
    }
    ValueDecoder decoder = decoderOf(element);
    if (name != null) {
      checkUnique(element, name, nameFormat == null ? MapRule.URI : nameFormat);
    }
    if (problems.size() == before && name != null && decoder != null) {
      addRule(element, name, nameFormat == null ? MapRule.URI : nameFormat, ids, decoder);
    }
  }

  private void addRule(
      Element element, String name, String nameFormat, List<String> ids, ValueDecoder decoder) {
    List<String> instances = new ArrayList<>(ids.size());
    int[] ruleSlots = new int[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      // One String instance per id across the map: mapped sessions then share it.
      String instance = canonical.computeIfAbsent(ids.get(i), k -> k);
      instances.add(instance);
      ruleSlots[i] = slots.computeIfAbsent(instance, k -> slots.size());
    }
    rules.add(
        new MapRule(name, nameFormat, instances, ruleSlots, decoder, LocatedXml.lineOf(element)));
  }

  private void checkId(Element element, String id, String key) {
    if (!HEADER_TOKEN.matcher(id).matches()) {
      problem(
          element,
          key,
          "\""
              + id
              + "\" cannot be an HTTP header name; expected letters, digits and"
              + " !#$%&'*+-.^`|~ only (no underscore, no space)");
      return;
    }
    int line = LocatedXml.lineOf(element);
    Seen first = headerNames.putIfAbsent(id.toLowerCase(Locale.ROOT), new Seen(id, line));
    if (first != null && !first.id().equals(id)) {
      problem(
          element,
          key,
          "\""
              + id
              + "\" and \""
              + first.id()
              + "\" (line "
              + first.line()
              + ") become the same"
              + " HTTP header (names are case-insensitive); spell the id the same way");
    }
  }

  private void checkUnique(Element element, String name, String nameFormat) {
    Integer first = entries.putIfAbsent(name + '\n' + nameFormat, LocatedXml.lineOf(element));
    if (first != null) {
      problem(
          element,
          ATTRIBUTE,
          "name=\""
              + name
              + "\" with nameFormat=\""
              + nameFormat
              + "\" is already mapped on line "
              + first
              + "; expected one entry per name and format (use aliases for more ids)");
    }
  }

  private @Nullable ValueDecoder decoderOf(Element attribute) {
    ValueDecoder decoder = StringDecoder.INSTANCE;
    boolean seen = false;
    for (Element child : children(attribute)) {
      if (!isMapElement(child, DECODER)) {
        problem(child, child.getTagName(), "unknown element; expected <AttributeDecoder>");
      } else if (seen) {
        problem(child, DECODER, "a second <AttributeDecoder>; expected at most one per Attribute");
      } else {
        seen = true;
        decoder = new DecoderReader(this, child).read();
      }
    }
    return decoder;
  }

  /** Reports a problem about {@code node}; package-private for {@link DecoderReader}. */
  void problem(Node node, String key, String message) {
    problems.add(new ConfigProblem(file, LocatedXml.lineOf(node), key, message));
  }

  private @Nullable String required(Element element, String attribute) {
    Attr node = element.getAttributeNodeNS(null, attribute);
    if (node == null || node.getValue().isEmpty()) {
      problem(element, "Attribute/@" + attribute, "missing; expected a non-empty value");
      return null;
    }
    return node.getValue();
  }

  private @Nullable String optional(Element element, String attribute) {
    Attr node = element.getAttributeNodeNS(null, attribute);
    if (node != null && node.getValue().isEmpty()) {
      problem(element, "Attribute/@" + attribute, "empty; expected a URI or no attribute at all");
    }
    return node == null || node.getValue().isEmpty() ? null : node.getValue();
  }

  private static boolean isMapElement(Element element, String localName) {
    return localName.equals(element.getLocalName()) && NAMESPACE.equals(element.getNamespaceURI());
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element element) {
        children.add(element);
      }
    }
    return children;
  }
}
