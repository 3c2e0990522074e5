package org.spgate.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK installation found on this machine, with its feature version read from its {@code release}
 * file.
 *
 * <p>Keycloak 26 needs Java 21 or newer while the build itself runs on 17, so the tests look for a
 * second JDK instead of asking the developer to switch.
 */
record Jdk(Path home, int feature) {

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

  /** The {@code java} launcher of this JDK. */
  Path java() {
    return home.resolve("bin/java");
  }

  /**
   * Finds a JDK of at least {@code minimum}: {@code JAVA_HOME}, then the running JVM, then the
   * newest under {@code /usr/lib/jvm}.
   */
  static Optional<Jdk> find(int minimum) {
    List<Path> candidates = new ArrayList<>();
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(Path.of(javaHome));
    }
    candidates.add(Path.of(System.getProperty("java.home")));
    for (Path candidate : candidates) {
      Optional<Jdk> jdk = at(candidate).filter(j -> j.feature() >= minimum);
      if (jdk.isPresent()) {
        return jdk;
      }
    }
    if (!Files.isDirectory(JVM_DIR)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(JVM_DIR)) {
      return dirs.map(Jdk::at)
          .flatMap(Optional::stream)
          .filter(j -> j.feature() >= minimum)
          .max(Comparator.comparingInt(Jdk::feature).thenComparing(j -> j.home().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads the JDK at {@code home}, or nothing when it has no readable {@code release} file. */
  static Optional<Jdk> at(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      return m.find() ? Optional.of(new Jdk(home, Integer.parseInt(m.group(1)))) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
