package org.spgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The example backend {@code examples/flask/app.py}, run on a free loopback port. */
final class FlaskBackend implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;

  private FlaskBackend(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the app and waits until {@code /} answers 200; output goes to target/flask.log. */
  static FlaskBackend start() {
    String python =
        Python.withFlask().orElseThrow(() -> new IllegalStateException("no python3 with flask"));
    Path app = Processes.repo().resolve("examples/flask/app.py");
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException("missing " + app);
    }
    int port = Processes.freePort();
    Path log = Processes.target().resolve("flask.log");
    ProcessBuilder builder =
        new ProcessBuilder(python, app.toString(), "--host", "127.0.0.1", "--port", "" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("PYTHONUNBUFFERED", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + app, e);
    }
    Processes.awaitHttp200(
        process, URI.create("http://127.0.0.1:" + port + "/"), START_TIMEOUT, log);
    return new FlaskBackend(process, port);
  }

  int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}, the backend address in spgate's routes. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
