package org.spgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code java -jar spgate.jar demo --backend <flask>} as a user runs it: spgate with its built-in
 * development IdP in front of the {@link FlaskBackend}. Output goes to {@code
 * target/spgate-demo-<name>.log}.
 */
final class DemoProcess implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final String baseUrl;

  private DemoProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts the demo on a free port in front of {@code backend}; waits for its Status page. */
  static DemoProcess start(String name, FlaskBackend backend) {
    Path jar = Path.of(System.getProperty("spgate.jar", "../sp-server/target/spgate.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no spgate jar at " + jar.toAbsolutePath());
    }
    int port = Processes.freePort();
    String base = "http://127.0.0.1:" + port;
    Path log = Processes.target().resolve("spgate-demo-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toAbsolutePath().toString(),
                "demo",
                "--port",
                Integer.toString(port),
                "--backend",
                backend.baseUrl())
            .directory(Processes.repo().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    Processes.awaitHttp200(
        process, java.net.URI.create(base + "/Shibboleth.sso/Status"), START_TIMEOUT, log);
    return new DemoProcess(process, base);
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
