package org.spgate.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The example backend {@code examples/flask/app.py}, started with python3 on a free loopback port
 * under a name it sends back as {@code X-Example-App}, so a test can tell several copies apart.
 */
public final class FlaskApp implements AutoCloseable {

  private final Process process;
  private final int port;

  private FlaskApp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the app and waits (up to 30 s) until {@code /} answers 200. */
  public static FlaskApp start(String name, Path logDir) throws Exception {
    Path app = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/flask/app.py");
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException("missing " + app);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = logDir.resolve("flask-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                "python3",
                app.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                "" + port,
                "--name",
                name)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PYTHONUNBUFFERED", "1");
    Process process = builder.start();
    FlaskApp started = new FlaskApp(process, port);
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(app + " exited: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(started.url() + "/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return started;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        started.close();
        throw new IllegalStateException(app + " did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** {@code http://127.0.0.1:PORT}, the backend address for a route. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
