package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.NginxProcess;
import org.spgate.server.testing.TestSpGate;

/**
 * Two spgate nodes behind a real nginx, restarted one after the other under load the way a
 * deployment does it (graceful stop, start on the same port): no client request fails. nginx passes
 * a request to the other node when a connection is refused or a node answers 503 while stopping
 * ({@code proxy_next_upstream}); spgate's part is to finish what it has accepted and to close its
 * connections while draining.
 */
class RollingRestartNginxTest {

  private static final String ROUTES = "  - {path: /, backend: \"BACKEND\", auth: none}";
  private static final String SHUTDOWN = "shutdown: {drainDelay: 500ms, timeout: 10s}\n";

  @TempDir Path dir;

  @Test
  void rollingRestartOfBothNodesBehindNginxUnderLoadThenNoFailedRequest() throws Exception {
    TestSpGate a = node("a0", TestSpGate.freePort());
    TestSpGate b = node("b0", TestSpGate.freePort());
    try (NginxProcess nginx =
        NginxProcess.start(
            Files.createDirectories(dir.resolve("nginx")),
            List.of(a.port(), b.port()),
            "proxy_next_upstream error timeout http_502 http_503; proxy_connect_timeout 2s;")) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ok = new AtomicLong();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    try {
                      HttpResponse<String> r =
                          client.send(
                              HttpRequest.newBuilder(URI.create(nginx.url("/app/x")))
                                  .timeout(Duration.ofSeconds(10))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() == 200 && r.body().equals("ok")) {
                        ok.incrementAndGet();
                      } else {
                        failures.add(r.statusCode() + " " + r.body());
                      }
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                  return null;
                }));
      }
      Thread.sleep(1_000);
      // As a deployment does: the next node restarts once the previous one takes traffic again
      // (nginx stops sending to a refusing node for fail_timeout).
      a = restart(a, "a1");
      awaitTraffic(a);
      b = restart(b, "b1");
      awaitTraffic(b);
      running.set(false);
      for (Future<?> c : clients) {
        c.get(15, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(failures)
          .as("failed requests during the rolling restart; nginx: %s", nginx.errorLog())
          .isEmpty();
      assertThat(ok.get()).isGreaterThan(200);
    } finally {
      a.close();
      b.close();
    }
  }

  /** Waits until nginx has sent requests to {@code node} (its backend received some). */
  private static void awaitTraffic(TestSpGate node) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (node.backend.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(node.backend.isEmpty()).as("node on port %d takes traffic", node.port()).isFalse();
    Thread.sleep(300);
  }

  private TestSpGate node(String name, int port) throws Exception {
    return new TestSpGate(Files.createDirectories(dir.resolve(name)), ROUTES, SHUTDOWN, "", port);
  }

  /** Stops {@code old} as SIGTERM does and starts a new node on its port. */
  private TestSpGate restart(TestSpGate old, String name) throws Exception {
    assertThat(old.server().drainAndStop()).isTrue();
    old.close();
    return node(name, old.port());
  }
}
