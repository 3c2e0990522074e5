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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gunicorn ({@code /usr/bin/gunicorn}, Debian's package) on a free loopback port, with its
 * default request limits ({@code --limit-request-field_size 8190}), serving a tiny WSGI app written
 * here: it answers every request with the request's header fields as {@code NAME<TAB>value} lines
 * (WSGI's {@code HTTP_*} names; values as the octets received), and {@code /__count} with the
 * number of other requests it served — so a test can tell that a request never reached it.
 */
public final class GunicornApp implements AutoCloseable {

  static final String GUNICORN = "/usr/bin/gunicorn";

  private static final String APP =
      """
      import threading
      served = 0
      lock = threading.Lock()

      def application(environ, start_response):
          global served
          if environ.get('PATH_INFO') == '/__count':
              body = str(served).encode()
          else:
              with lock:
                  served += 1
              lines = []
              for key in sorted(environ):
                  if key.startswith('HTTP_'):
                      # WSGI hands values over as latin-1 strings: the octets received.
                      lines.append(key + '\\t' + environ[key] + '\\n')
              body = ''.join(lines).encode('latin-1')
          start_response('200 OK', [('Content-Type', 'text/plain; charset=iso-8859-1'),
                                    ('Content-Length', str(len(body)))])
          return [body]
      """;

  private final Process process;
  private final int port;
  private final HttpClient client = HttpClient.newHttpClient();

  private GunicornApp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts gunicorn (one sync worker) in {@code dir} and waits up to 30 s until it answers. */
  public static GunicornApp start(Path dir) throws Exception {
    if (!Files.isExecutable(Path.of(GUNICORN))) {
      throw new IllegalStateException(GUNICORN + " is missing: apt-get install gunicorn");
    }
    Files.writeString(dir.resolve("echo_headers.py"), APP);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("gunicorn.log");
    Process process =
        new ProcessBuilder(
                GUNICORN,
                "--bind",
                "127.0.0.1:" + port,
                "--workers",
                "1",
                "--chdir",
                dir.toString(),
                "echo_headers:application")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    GunicornApp app = new GunicornApp(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gunicorn exited: " + Files.readString(log));
      }
      try {
        app.served();
        return app;
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        app.close();
        throw new IllegalStateException("gunicorn did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** {@code http://127.0.0.1:PORT}, the backend address for a route. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** How many requests (other than these counts) the app has served. */
  public int served() throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url() + "/__count"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Integer.parseInt(response.body().trim());
  }

  /**
   * The header fields of an echo answer, by WSGI name ({@code HTTP_REMOTE_USER}); the body was read
   * as ISO-8859-1 (its declared charset), so each char is an octet received.
   */
  public static Map<String, String> headersOf(HttpResponse<String> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        headers.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return headers;
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
