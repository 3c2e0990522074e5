package org.spgate.server.shibimport;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The YAML spellings the importer writes: double-quoted scalars and flow lists. */
final class Yaml {

  private Yaml() {}

  /** A double-quoted YAML scalar. */
  static String quote(@Nullable String value) {
    return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A flow list of quoted scalars. */
  static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(Yaml::quote).toList()) + "]";
  }
}
