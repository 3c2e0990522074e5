package org.spgate.core.config;

import java.io.StringReader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns YAML text into a plain node tree: mappings, sequences and scalars, nothing else.
 *
 * <p>Implementation notes. SnakeYAML is only asked to <em>compose</em>: no Java object is ever
 * constructed, so no tag can instantiate a class. The tree is then walked once and anything beyond
 * plain data is refused: anchors and aliases (a shared node read twice, and the billion-laughs
 * expansion), merge keys ({@code <<}), and every tag outside the YAML core schema ({@code
 * !!binary}, {@code !!set}, {@code !custom}). Duplicate keys are not refused here: SnakeYAML checks
 * {@code allowDuplicateKeys} only while constructing objects, so {@link YamlMapping} checks them
 * itself; the option is still set in case a later version moves the check into the composer.
 */
final class YamlNodes {

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);
  private static final int MAX_NESTING = 20;
  private static final int MAX_CODE_POINTS = 1024 * 1024;

  private YamlNodes() {}

  /**
   * Composes the text to its single document's root node; returns null (with problems added) when
   * the text is not well-formed YAML, is empty, or uses anchors, aliases or tags.
   */
  static @Nullable Node compose(String yaml, Problems problems) {
    Node root;
    try {
      root = new Yaml(options()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      problems.add(
          mark == null ? 0 : mark.getLine() + 1, null, "not valid YAML: " + what + context);
      return null;
    } catch (YAMLException e) {
      problems.add(0, null, "not valid YAML: " + e.getMessage());
      return null;
    }
    if (root == null) {
      problems.add(0, null, "the file is empty; expected a mapping with publicUrl, idp, routes");
      return null;
    }
    boolean before = problems.isEmpty();
    refuseNonPlain(root, Collections.newSetFromMap(new IdentityHashMap<>()), problems);
    return before && problems.isEmpty() ? root : null;
  }

  /** The 1-based line a node starts on. */
  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** True for a scalar written with no value at all ({@code key:} or {@code key: ~}). */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /** True for a list written with no items ({@code []}). */
  static boolean isEmptyList(@Nullable Node node) {
    return node instanceof SequenceNode && ((SequenceNode) node).getValue().isEmpty();
  }

  /** How a node is called in a problem: "a list", "a mapping", or the quoted scalar. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    } else if (node instanceof SequenceNode) {
      return "a list";
    } else if (isNull(node)) {
      return "an empty value";
    }
    return ValueType.quote(((ScalarNode) node).getValue());
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    // Aliases are refused below anyway; a low limit stops a hostile file before it is walked.
    options.setMaxAliasesForCollections(10);
    options.setMergeOnCompose(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setProcessComments(false);
    // Composing never constructs objects, but refuse every explicit tag at the source too.
    options.setTagInspector(tag -> false);
    return options;
  }

  private static void refuseNonPlain(Node node, Set<Node> seen, Problems problems) {
    if (!seen.add(node)) {
      return; // an alias to a node already reported through its anchor
    }
    if (node.getAnchor() != null) {
      problems.add(
          line(node),
          null,
          "YAML anchors and aliases (&"
              + node.getAnchor()
              + ", *"
              + node.getAnchor()
              + ") are not supported; write the value out where it is used");
    }
    if (Tag.MERGE.equals(node.getTag())) {
      problems.add(line(node), null, "YAML merge keys (<<) are not supported; write the keys out");
    } else if (!PLAIN_TAGS.contains(node.getTag())) {
      problems.add(
          line(node),
          null,
          "YAML tag " + node.getTag() + " is not supported; only plain values, lists and mappings");
    }
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        refuseNonPlain(tuple.getKeyNode(), seen, problems);
        refuseNonPlain(tuple.getValueNode(), seen, problems);
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        refuseNonPlain(item, seen, problems);
      }
    }
  }
}
