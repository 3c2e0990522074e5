package org.spgate.core.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One mistake found in a configuration or XML file: where it is and what was expected there.
 *
 * @param file the file that holds the mistake
 * @param line 1-based line number, or 0 when unknown (a missing key, a file that cannot be read)
 * @param key the configuration key or XML element concerned, or {@code null}
 * @param message what is wrong and what is expected, as one sentence for a person
 */
public record ConfigProblem(Path file, int line, @Nullable String key, String message) {

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file.toString());
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (key != null) {
      out.append(key).append(": ");
    }
    return out.append(message).toString();
  }
}
