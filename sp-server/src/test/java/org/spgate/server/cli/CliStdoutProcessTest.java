package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.SpGateChild;
import org.w3c.dom.Document;

/**
 * The commands whose output is meant for a pipe ({@code spgate metadata > sp.xml}) print only that
 * output on stdout, with the logging configuration that ships in the jar (the tests' own
 * logback-test.xml would hide a difference). Logback prints its own start-up status on stdout when
 * its configuration has a warning, unless a status listener is set.
 */
class CliStdoutProcessTest {

  @TempDir Path dir;

  @Test
  void metadataCommandPrintsOnlyTheMetadataOnStdout() throws Exception {
    Path config = SpGateChild.writeConfig(dir, 8080, "http://127.0.0.1:9", "");

    Run run = run("metadata", "--config", config.toString());

    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(run.stdout).doesNotContain("logback").startsWith("<");
    Document metadata =
        DocumentBuilderFactory.newDefaultNSInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(run.stdout.getBytes(StandardCharsets.UTF_8)));
    assertThat(metadata.getDocumentElement().getLocalName()).isEqualTo("EntityDescriptor");
  }

  @Test
  void checkConfigReportsOnStdoutWithoutLoggingStatus() throws Exception {
    Path config = SpGateChild.writeConfig(dir, 8080, "http://127.0.0.1:9", "");

    Run run = run("check-config", "--config", config.toString());

    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(run.stdout).isNotBlank().doesNotContain("logback").doesNotContain("|-");
  }

  private record Run(int exit, String stdout, String stderr) {}

  private Run run(String... args) throws Exception {
    Path shipped = Path.of(System.getProperty("user.dir"), "target", "classes", "logback.xml");
    assertThat(shipped).exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + shipped,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
