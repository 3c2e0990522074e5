package org.spgate.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real nginx (the Debian package's binary) with its own prefix directory and configuration, on a
 * free loopback port, load-balancing over spgate nodes: never the system service.
 */
public final class NginxProcess implements AutoCloseable {

  private final Process process;
  public final int port;
  public final Path prefix;

  private NginxProcess(Process process, int port, Path prefix) {
    this.process = process;
    this.port = port;
    this.prefix = prefix;
  }

  /** The nginx binary: {@code /usr/sbin/nginx}, or the one on the PATH. */
  static String binary() {
    return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
  }

  /**
   * Starts nginx balancing over {@code upstreamPorts} with {@code locationDirectives} inside its
   * {@code location /} (besides {@code proxy_pass}).
   */
  public static NginxProcess start(
      Path prefix, List<Integer> upstreamPorts, String locationDirectives) throws Exception {
    Files.createDirectories(prefix.resolve("tmp"));
    int port = TestSpGate.freePort();
    String servers =
        upstreamPorts.stream()
            .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=1s;")
            .collect(Collectors.joining("\n"));
    String tmp = prefix.resolve("tmp").toString();
    String conf =
        String.join(
            "\n",
            "worker_processes 1;",
            "pid " + prefix.resolve("nginx.pid") + ";",
            "error_log " + prefix.resolve("error.log") + " warn;",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + tmp + "/body;",
            "  proxy_temp_path " + tmp + "/proxy;",
            "  fastcgi_temp_path " + tmp + "/fastcgi;",
            "  uwsgi_temp_path " + tmp + "/uwsgi;",
            "  scgi_temp_path " + tmp + "/scgi;",
            "  upstream spgate {",
            servers,
            "    keepalive 16;",
            "  }",
            "  server {",
            "    listen 127.0.0.1:" + port + ";",
            "    location / {",
            "      proxy_pass http://spgate;",
            "      proxy_http_version 1.1;",
            "      proxy_set_header Connection \"\";",
            "      " + locationDirectives,
            "    }",
            "  }",
            "}",
            "");
    Path file = prefix.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process process =
        new ProcessBuilder(
                binary(),
                "-p",
                prefix.toString(),
                "-e",
                prefix.resolve("error.log").toString(),
                "-c",
                file.toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(process, port, prefix);
    nginx.awaitListening();
    return nginx;
  }

  /**
   * Starts nginx on {@code port} with {@code httpBlock} as the content of its {@code http} block
   * (upstreams and servers; this method adds the pid, log and temporary paths under {@code
   * prefix}).
   */
  public static NginxProcess startHttp(Path prefix, int port, String httpBlock) throws Exception {
    Files.createDirectories(prefix.resolve("tmp"));
    String tmp = prefix.resolve("tmp").toString();
    String conf =
        String.join(
            "\n",
            "worker_processes 1;",
            "pid " + prefix.resolve("nginx.pid") + ";",
            "error_log " + prefix.resolve("error.log") + " warn;",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + tmp + "/body;",
            "  proxy_temp_path " + tmp + "/proxy;",
            "  fastcgi_temp_path " + tmp + "/fastcgi;",
            "  uwsgi_temp_path " + tmp + "/uwsgi;",
            "  scgi_temp_path " + tmp + "/scgi;",
            httpBlock,
            "}",
            "");
    Path file = prefix.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process process =
        new ProcessBuilder(
                binary(),
                "-p",
                prefix.toString(),
                "-e",
                prefix.resolve("error.log").toString(),
                "-c",
                file.toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("stdout.log").toFile())
            .start();
    NginxProcess nginx = new NginxProcess(process, port, prefix);
    nginx.awaitListening();
    return nginx;
  }

  private void awaitListening() throws Exception {
    ChildListening.await(process, port, "nginx", this::errorLog);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** nginx's error log so far. */
  public String errorLog() throws IOException {
    Path log = prefix.resolve("error.log");
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
