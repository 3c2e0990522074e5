package org.spgate.e2e;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python 3 interpreter that can import Flask.
 *
 * <p>A developer's {@code python3} on the {@code PATH} (pyenv, a venv) may lack Flask while
 * Debian's {@code /usr/bin/python3} has {@code python3-flask}; the first that imports it wins.
 */
final class Python {

  private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

  private Python() {}

  /** The command of the first interpreter that imports {@code flask}, if any. */
  static Optional<String> withFlask() {
    for (String python : CANDIDATES) {
      if (imports(python, "flask")) {
        return Optional.of(python);
      }
    }
    return Optional.empty();
  }

  private static boolean imports(String python, String module) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import " + module)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
