package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A configuration directory for tests: the files a minimal config names, plus helpers to load YAML
 * written into it and to find the problems it has.
 *
 * <p>The referenced files only need to exist: the loader does not parse XML or PEM.
 */
final class TestConfigDir {

  /** The smallest valid configuration: the three required keys. */
  static final String MINIMAL =
      String.join(
          "\n",
          "publicUrl: https://sp.example.org",
          "idp:",
          "  metadata: idp-metadata.xml",
          "routes:",
          "  - path: /",
          "    backend: http://127.0.0.1:8081",
          "");

  private final Path dir;

  /** Creates the metadata, attribute map and key files a full config names, under {@code dir}. */
  TestConfigDir(Path dir) {
    this.dir = dir;
    write("idp-metadata.xml", "<EntityDescriptor/>");
    write("other-idp.xml", "<EntityDescriptor/>");
    write("attribute-maps/attribute-map.xml", "<Attributes/>");
    write("sp-cert.pem", "cert");
    write("sp-key.pem", "key");
  }

  Path dir() {
    return dir;
  }

  /** Writes a file below the directory and returns its path. */
  Path write(String name, String content) {
    Path path = dir.resolve(name);
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }

  /** Writes {@code spgate.yaml} and loads it. */
  SpConfig load(String yaml) throws ConfigException {
    return ConfigLoader.load(write("spgate.yaml", yaml));
  }

  /** Writes {@code spgate.yaml}, expects loading to fail, and returns every problem. */
  List<ConfigProblem> problems(String yaml) {
    Path file = write("spgate.yaml", yaml);
    try {
      SpConfig config = ConfigLoader.load(file);
      throw new AssertionError("expected problems, but the config loaded: " + config);
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** Expects exactly one problem and checks its file, line, key and message. */
  ConfigProblem onlyProblem(String yaml, int line, String key, String messagePart) {
    List<ConfigProblem> problems = problems(yaml);
    assertThat(problems).as(problems.toString()).hasSize(1);
    assertProblem(problems.get(0), line, key, messagePart);
    return problems.get(0);
  }

  /** Checks one problem's file, line, key and a part of its message. */
  void assertProblem(ConfigProblem problem, int line, String key, String messagePart) {
    assertThat(problem.file()).isEqualTo(dir.resolve("spgate.yaml"));
    assertThat(problem.line()).as(problem.toString()).isEqualTo(line);
    assertThat(problem.key()).as(problem.toString()).isEqualTo(key);
    assertThat(problem.message()).contains(messagePart);
  }

  /** The 1-based line of the first line of {@code yaml} containing {@code text}. */
  static int lineOf(String yaml, String text) {
    List<String> lines = yaml.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + text);
  }

  /** The minimal config with extra top-level YAML appended. */
  static String minimalWith(String extra) {
    return MINIMAL + extra + (extra.endsWith("\n") ? "" : "\n");
  }

  /** The minimal config with its route block replaced by {@code routes}. */
  static String minimalWithRoutes(String routes) {
    return String.join(
        "\n",
        "publicUrl: https://sp.example.org",
        "idp:",
        "  metadata: idp-metadata.xml",
        routes,
        "");
  }
}
