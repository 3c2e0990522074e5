package org.spgate.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The problems found so far in one configuration file, in the order they were found. */
final class Problems {

  private final Path file;
  private final List<ConfigProblem> found = new ArrayList<>();

  Problems(Path file) {
    this.file = file;
  }

  /** Records a problem at a 1-based line (0 when unknown) and a dotted key (or null). */
  void add(int line, @Nullable String key, String message) {
    found.add(new ConfigProblem(file, line, key, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws every problem found together, if there is any. */
  void throwIfAny() throws ConfigException {
    if (!found.isEmpty()) {
      throw new ConfigException(found);
    }
  }
}
