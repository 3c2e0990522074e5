package org.spgate.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping being read into a record: typed values by key, each problem reported with its
 * line and dotted key.
 *
 * <p>Every key a section reader asks for becomes a known key; {@link #finish()} reports the keys in
 * the file that nobody asked for, with a suggestion when one is close to a known key. A section
 * that is absent or written with no value ({@code security:}) reads as an empty mapping, so a file
 * whose keys are all commented out still works and yields the defaults.
 */
final class YamlMapping {

  private final String path;
  private final int line;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private YamlMapping(String path, int line, Problems problems) {
    this.path = path;
    this.line = line;
    this.problems = problems;
  }

  /**
   * Reads a node as a mapping at {@code path}; an absent node gives an empty mapping on {@code
   * fallbackLine}, an empty value an empty mapping on its own line, and any other non-mapping is a
   * problem and also gives an empty mapping.
   */
  static YamlMapping of(@Nullable Node node, String path, int fallbackLine, Problems problems) {
    if (node == null) {
      return new YamlMapping(path, fallbackLine, problems);
    } else if (YamlNodes.isNull(node)) {
      return new YamlMapping(path, YamlNodes.line(node), problems);
    }
    YamlMapping mapping = new YamlMapping(path, YamlNodes.line(node), problems);
    if (!(node instanceof MappingNode)) {
      problems.add(
          YamlNodes.line(node),
          path.isEmpty() ? null : path,
          "expected a mapping of keys, got " + YamlNodes.describe(node));
      return mapping;
    }
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      mapping.addEntry(tuple);
    }
    return mapping;
  }

  private void addEntry(NodeTuple tuple) {
    Node keyNode = tuple.getKeyNode();
    if (!(keyNode instanceof ScalarNode) || YamlNodes.isNull(keyNode)) {
      problems.add(
          YamlNodes.line(keyNode),
          keyPath("?"),
          "expected a plain key, got " + YamlNodes.describe(keyNode));
      return;
    }
    String key = ((ScalarNode) keyNode).getValue();
    NodeTuple first = entries.putIfAbsent(key, tuple);
    if (first != null) {
      problems.add(
          YamlNodes.line(keyNode),
          keyPath(key),
          "duplicate key; it is already set on line " + YamlNodes.line(first.getKeyNode()));
    }
  }

  /** The 1-based line of this mapping (of its parent when the mapping is absent). */
  int line() {
    return line;
  }

  /** The dotted path of a key in this mapping, e.g. {@code security.clockSkew}. */
  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The value node of a key, or null when absent; marks the key as known. */
  @Nullable Node node(String key) {
    known.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  /** The keys of this mapping in file order, each marked as known (for maps of named entries). */
  List<String> keys() {
    known.addAll(entries.keySet());
    return List.copyOf(entries.keySet());
  }

  /** The line of a key's value, or of this mapping when the key is absent. */
  int lineOf(String key) {
    Node value = node(key);
    return value == null ? line : YamlNodes.line(value);
  }

  /** The line of a key itself (not of its value, which may start below), or of this mapping. */
  int keyLineOf(String key) {
    NodeTuple entry = entries.get(key);
    return entry == null ? line : YamlNodes.line(entry.getKeyNode());
  }

  /** Records a problem about a key of this mapping, on the key's line. */
  void problem(String key, String message) {
    problems.add(lineOf(key), keyPath(key), message);
  }

  /** Records a problem about this mapping as a whole, on its own line. */
  void problemHere(String message) {
    problems.add(line, path.isEmpty() ? null : path, message);
  }

  /** Records a problem on a given line about a key of this mapping. */
  void problem(int atLine, String key, String message) {
    problems.add(atLine, keyPath(key), message);
  }

  /** A value, or {@code fallback} when the key is absent or its value is wrong (then reported). */
  <T> T get(String key, ValueType<T> type, T fallback) {
    T value = optional(key, type);
    return value == null ? fallback : value;
  }

  /** A value, or null when the key is absent or its value is wrong (then reported). */
  <T> @Nullable T optional(String key, ValueType<T> type) {
    Node value = node(key);
    return value == null ? null : scalar(value, keyPath(key), type);
  }

  /** A value that must be present; null (and reported) when absent or wrong. */
  <T> @Nullable T required(String key, ValueType<T> type) {
    Node value = node(key);
    if (value == null) {
      problems.add(line, keyPath(key), "required key is missing; expected " + type.expected());
      return null;
    }
    return scalar(value, keyPath(key), type);
  }

  /** A nested mapping; an absent one reads as empty. */
  YamlMapping mapping(String key) {
    return of(node(key), keyPath(key), line, problems);
  }

  /**
   * A list of scalars, or {@code fallback} when absent; with {@code singleAllowed} a lone scalar
   * counts as a list of one. Wrong items are reported and left out.
   */
  <T> List<T> list(String key, ValueType<T> type, List<T> fallback, boolean singleAllowed) {
    Node value = node(key);
    if (value == null) {
      return fallback;
    }
    if (singleAllowed && value instanceof ScalarNode && !YamlNodes.isNull(value)) {
      T single = scalar(value, keyPath(key), type);
      return single == null ? List.of() : List.of(single);
    }
    return items(
        key,
        value,
        "a list of " + type.expected(),
        (item, itemPath) -> scalar(item, itemPath, type));
  }

  /** A list of mappings, each read by {@code reader}; absent gives an empty list. */
  <T> List<T> mappings(String key, Function<YamlMapping, @Nullable T> reader) {
    Node value = node(key);
    if (value == null) {
      return List.of();
    }
    return items(
        key,
        value,
        "a list of mappings",
        (item, itemPath) -> {
          YamlMapping mapping = of(item, itemPath, YamlNodes.line(item), problems);
          T read = reader.apply(mapping);
          mapping.finish();
          return read;
        });
  }

  /** Reports every key of this mapping that no reader asked for. */
  void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (known.contains(key)) {
        continue;
      }
      String suggestion = EditDistance.suggest(key, known);
      problems.add(
          YamlNodes.line(entry.getValue().getKeyNode()),
          keyPath(key),
          "unknown key"
              + (suggestion == null ? "" : "; did you mean " + suggestion + "?")
              + " (known here: "
              + String.join(", ", known)
              + ")");
    }
  }

  private <T> List<T> items(String key, Node value, String expected, ItemReader<T> reader) {
    if (!(value instanceof SequenceNode)) {
      problems.add(
          YamlNodes.line(value),
          keyPath(key),
          "expected " + expected + ", got " + YamlNodes.describe(value));
      return List.of();
    }
    List<T> out = new ArrayList<>();
    List<Node> nodes = ((SequenceNode) value).getValue();
    for (int i = 0; i < nodes.size(); i++) {
      T item = reader.read(nodes.get(i), keyPath(key) + "[" + i + "]");
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private <T> @Nullable T scalar(Node value, String keyPath, ValueType<T> type) {
    if (!(value instanceof ScalarNode) || YamlNodes.isNull(value)) {
      problems.add(
          YamlNodes.line(value),
          keyPath,
          "expected " + type.expected() + ", got " + YamlNodes.describe(value));
      return null;
    }
    try {
      return type.parse(((ScalarNode) value).getValue());
    } catch (IllegalArgumentException e) {
      problems.add(YamlNodes.line(value), keyPath, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** Reads one list item at its indexed path, e.g. {@code routes[1]}. */
  @FunctionalInterface
  private interface ItemReader<T> {
    @Nullable T read(Node item, String itemPath);
  }
}
