package org.spgate.devidp.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The development IdP's test users: the defaults, or a YAML users file.
 *
 * <pre>
 * users:
 *   - username: alice
 *     password: alice
 *     eppn: alice@example.org          # also: mail, displayName, givenName, sn
 *     groups: [staff, developers]      # also: entitlement; a scalar or a list
 * </pre>
 *
 * SnakeYAML only composes nodes (no object is constructed, so no tag instantiates a class);
 * anchors/aliases and unknown keys are refused with the line they are on.
 */
public final class DevUsers {

  private static final int MAX_FILE_CHARS = 1024 * 1024;

  private DevUsers() {}

  /** alice/alice and bob/bob, and grace/grace with a non-ASCII name and 150 groups. */
  public static List<DevUser> defaults() {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      many.add(String.format(java.util.Locale.ROOT, "group-%03d", i));
    }
    return List.of(
        DevUser.of("alice", "alice", "Alice", "Example", List.of("staff", "developers")),
        DevUser.of("bob", "bob", "Bob", "Example", List.of("students")),
        DevUser.of("grace", "grace", "Grâce", "Hopper-Ünal", many));
  }

  /** Reads a users file; the message of the exception says where and what is wrong. */
  public static List<DevUser> load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.length() > MAX_FILE_CHARS) {
      throw new IOException(file + ": larger than " + MAX_FILE_CHARS + " characters");
    }
    return parse(text, file.toString());
  }

  /** Parses users YAML; {@code source} names it in messages. */
  public static List<DevUser> parse(String yaml, String source) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(10);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (YAMLException e) {
      throw new IOException(source + ": not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof MappingNode mapping)
        || mapping.getValue().size() != 1
        || !"users".equals(scalar(mapping.getValue().get(0).getKeyNode(), source))
        || !(mapping.getValue().get(0).getValueNode() instanceof SequenceNode list)) {
      throw problem(source, root, "expected a mapping with one key 'users' holding a list");
    }
    List<DevUser> users = new ArrayList<>();
    for (Node entry : list.getValue()) {
      users.add(user(entry, source));
    }
    if (users.isEmpty()) {
      throw problem(source, list, "'users' lists no user");
    }
    return List.copyOf(users);
  }

  private static DevUser user(Node node, String source) throws IOException {
    if (!(node instanceof MappingNode mapping)) {
      throw problem(source, node, "expected a user mapping {username, password, ...}");
    }
    String username = null;
    String password = null;
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = scalar(tuple.getKeyNode(), source);
      Node value = tuple.getValueNode();
      switch (key) {
        case "username" -> username = scalar(value, source);
        case "password" -> password = scalar(value, source);
        default -> {
          String oid = DevUser.FRIENDLY_NAMES.get(key);
          if (oid == null) {
            throw problem(
                source,
                tuple.getKeyNode(),
                "unknown key '"
                    + key
                    + "'; expected"
                    + " username, password or one of "
                    + DevUser.FRIENDLY_NAMES.keySet());
          }
          attributes.put(oid, values(value, source));
        }
      }
    }
    if (username == null || username.isEmpty() || password == null) {
      throw problem(source, node, "a user needs a non-empty username and a password");
    }
    return new DevUser(username, password, attributes);
  }

  private static List<String> values(Node node, String source) throws IOException {
    if (node instanceof SequenceNode list) {
      List<String> values = new ArrayList<>();
      for (Node item : list.getValue()) {
        values.add(scalar(item, source));
      }
      return values;
    }
    return List.of(scalar(node, source));
  }

  private static String scalar(Node node, String source) throws IOException {
    if (node.getAnchor() != null || !(node instanceof ScalarNode scalar)) {
      throw problem(source, node, "expected a plain text value");
    }
    return scalar.getValue();
  }

  private static IOException problem(String source, @Nullable Node node, String what) {
    int line = node == null ? 0 : node.getStartMark().getLine() + 1;
    return new IOException(source + ":" + line + ": " + what);
  }
}
