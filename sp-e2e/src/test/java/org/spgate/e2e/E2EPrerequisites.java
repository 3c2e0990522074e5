package org.spgate.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition every E2E test class runs under: Chromium, chromedriver, Python 3 with Flask and a
 * JDK 21+ for Keycloak must be present.
 *
 * <p>With {@code CI=true} a missing prerequisite fails the class with what to install, so CI cannot
 * go green by skipping; elsewhere the tests are skipped and one line on stderr says what to
 * install. The machine is probed once per test JVM.
 */
final class E2EPrerequisites implements ExecutionCondition {

  /** Debian's Chromium; {@code -De2e.chromium=PATH} points elsewhere. */
  static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));

  /** Debian's chromedriver (package chromium-driver); {@code -De2e.chromedriver=PATH} overrides. */
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));

  static final int KEYCLOAK_MIN_JAVA = 21;

  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static volatile List<String> missing = List.of();
  private static volatile boolean probed;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> absent = missing();
    if (absent.isEmpty()) {
      return ConditionEvaluationResult.enabled("E2E prerequisites present");
    }
    String message = "E2E tests need: " + String.join("; ", absent);
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(message + " (CI=true: missing prerequisites fail the build)");
    }
    if (WARNED.compareAndSet(false, true)) {
      System.err.println("[sp-e2e] SKIPPED: " + message);
    }
    return ConditionEvaluationResult.disabled(message);
  }

  /** What is missing, as install hints; empty when everything is there. */
  static synchronized List<String> missing() {
    if (!probed) {
      missing = probe();
      probed = true;
    }
    return missing;
  }

  private static List<String> probe() {
    List<String> absent = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      absent.add("apt-get install chromium (" + CHROMIUM + ")");
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      absent.add("apt-get install chromium-driver (" + CHROMEDRIVER + ")");
    }
    if (Python.withFlask().isEmpty()) {
      absent.add("apt-get install python3-flask (python3 with flask importable)");
    }
    if (Jdk.find(KEYCLOAK_MIN_JAVA).isEmpty()) {
      absent.add(
          "a JDK >= "
              + KEYCLOAK_MIN_JAVA
              + " for Keycloak (set JAVA_HOME or install one under /usr/lib/jvm,"
              + " e.g. Temurin 21 or newer)");
    }
    return List.copyOf(absent);
  }
}
