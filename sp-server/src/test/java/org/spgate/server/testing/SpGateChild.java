package org.spgate.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;

/**
 * spgate as a real child process ({@code java ... org.spgate.server.cli.Main serve}, the test's own
 * class path), so that a test can send it signals and read its exit status.
 */
public final class SpGateChild implements AutoCloseable {

  public final Process process;
  public final int port;
  public final Path log;

  private SpGateChild(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts spgate routing everything (auth: none) to {@code backend}, with extra YAML. HUP is reset
   * to its default for the child: a test run started under {@code nohup} would otherwise pass its
   * ignored HUP on, and the JVM keeps an ignored HUP ignored.
   */
  public static SpGateChild start(Path dir, String backend, String extraYaml) throws Exception {
    return start(dir, backend, extraYaml, List.of("env", "--default-signal=HUP"));
  }

  /** As {@link #start(Path, String, String)}, with HUP ignored as {@code nohup} leaves it. */
  public static SpGateChild startWithHangupIgnored(Path dir, String backend, String extraYaml)
      throws Exception {
    return start(dir, backend, extraYaml, List.of("nohup"));
  }

  private static SpGateChild start(
      Path dir, String backend, String extraYaml, List<String> launcher) throws Exception {
    int port = TestSpGate.freePort();
    Path config = writeConfig(dir, port, backend, extraYaml);
    Path log = dir.resolve("spgate.log");
    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "org.spgate.server.cli.Main",
            "serve",
            "--config",
            config.toString()));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    SpGateChild child = new SpGateChild(process, port, log);
    child.awaitUp(Duration.ofSeconds(60));
    return child;
  }

  /**
   * Writes {@code dir/spgate.yaml}: listening on {@code port}, a test IdP's metadata, everything
   * (auth: none) routed to {@code backend}, then {@code extraYaml}.
   */
  public static Path writeConfig(Path dir, int port, String backend, String extraYaml)
      throws Exception {
    Files.createDirectories(dir);
    String base = "http://127.0.0.1:" + port;
    Path metadata = new TestIdp(MutableClock.atSystemTime()).writeMetadata(dir);
    Path map =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("attribute-maps/attribute-map.xml");
    Path config = dir.resolve("spgate.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "listen: 127.0.0.1:" + port,
            "publicUrl: " + base,
            "idp: {metadata: [" + metadata + "]}",
            "attributeMap: " + map,
            "cookie: {secure: false}",
            "routes:",
            "  - {path: /, backend: \"" + backend + "\", auth: none}",
            extraYaml));
    return config;
  }

  private void awaitUp(Duration wait) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long until = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException("spgate exited at start: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url("/Shibboleth.sso/Status"))).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("spgate did not start: " + Files.readString(log));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Sends SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGHUP (a configuration reload). */
  public void hangUp() throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -HUP failed: " + kill.exitValue());
    }
  }

  /** The configuration file the process was started with. */
  public Path configFile() {
    return log.resolveSibling("spgate.yaml");
  }

  /** The log so far. */
  public String logText() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
