package org.spgate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the Debian package's binary) in the foreground ({@code -db}) with a generated
 * configuration on a free loopback port: never the system service.
 */
public final class HaproxyProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  public final int port;

  private HaproxyProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** The haproxy binary: {@code /usr/sbin/haproxy}, or the one on the PATH. */
  static String binary() {
    return Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
  }

  /**
   * Starts HAProxy with {@code sections} (frontends, backends) after a {@code global} and {@code
   * defaults} section this method writes (HTTP mode, short timeouts, log to stdout); {@code port}
   * is the port a frontend in {@code sections} binds, awaited before returning.
   */
  public static HaproxyProcess start(Path dir, int port, String sections) throws Exception {
    Files.createDirectories(dir);
    String conf =
        String.join(
            "\n",
            "global",
            "    log stdout format raw local0 info",
            "defaults",
            "    mode http",
            "    log global",
            "    option httplog",
            "    timeout connect 5s",
            "    timeout client 30s",
            "    timeout server 30s",
            sections,
            "");
    return startConfig(dir, port, conf);
  }

  /** Starts HAProxy with the complete configuration {@code conf}, which binds {@code port}. */
  public static HaproxyProcess startConfig(Path dir, int port, String conf) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, conf);
    Path log = dir.resolve("haproxy.log");
    Process process =
        new ProcessBuilder(binary(), "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HaproxyProcess haproxy = new HaproxyProcess(process, log, port);
    haproxy.awaitListening();
    return haproxy;
  }

  private void awaitListening() throws Exception {
    ChildListening.await(process, port, "haproxy", this::log);
  }

  /** HAProxy's output so far (start-up warnings and the request log). */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
