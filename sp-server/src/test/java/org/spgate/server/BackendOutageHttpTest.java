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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.proxy.health.BackendHealth;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.RestartableBackend;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.ScriptedBackend.Reply;
import org.spgate.server.testing.TestSpGate;

/**
 * A backend that goes down and comes back, and one that is slow, while clients keep sending
 * requests: no request hangs, the log stays bounded, the backend is marked down (immediate 503 with
 * Retry-After) and found again by a probe without restarting spgate.
 */
class BackendOutageHttpTest {

  @TempDir Path dir;

  /** One request's outcome: when (ms from start), status (-1: exception), Retry-After. */
  record Outcome(long atMs, int status, String retryAfter, String error) {}

  @Test
  void backendDownAndUpUnderLoadThenBoundedLogNoHangAndRecoveryWithoutRestart() throws Exception {
    try (RestartableBackend backend = new RestartableBackend();
        TestSpGate sp =
            new TestSpGate(
                Files.createDirectories(dir.resolve("sp")),
                "  - {path: /, backend: \"" + backend.url() + "\", auth: none}",
                "backendHealth: {failuresToMarkDown: 3, downFor: 200ms, maxDownFor: 800ms,"
                    + " logInterval: 1s}\n");
        LogLines refusedLog = LogLines.of("spgate.refused")) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> clients = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        clients.add(
            pool.submit(
                () -> {
                  while (running.get()) {
                    outcomes.add(request(client, sp.url("/app/x"), t0));
                  }
                  return null;
                }));
      }
      Thread.sleep(1_000);
      backend.stop();
      long downAt = ms(t0);
      Thread.sleep(4_000);
      long linesDuringOutage = refusedLog.count();
      backend.start();
      long upAt = ms(t0);
      Thread.sleep(2_500);
      running.set(false);
      for (Future<?> c : clients) {
        c.get(10, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<Outcome> all = new ArrayList<>(outcomes);
      // Nothing hung or failed at the client: every request got an answer.
      assertThat(all).filteredOn(o -> o.status() < 0).isEmpty();
      // Before the outage: served.
      assertThat(all).filteredOn(o -> o.atMs() < downAt - 100).allMatch(o -> o.status() == 200);
      // During the outage: 502 for the requests that tried, then 503 with Retry-After at once.
      List<Outcome> during =
          all.stream().filter(o -> o.atMs() > downAt + 200 && o.atMs() < upAt).toList();
      assertThat(during).allMatch(o -> o.status() == 502 || o.status() == 503);
      List<Outcome> refused = during.stream().filter(o -> o.status() == 503).toList();
      assertThat(refused).hasSizeGreaterThan(100);
      assertThat(refused)
          .allMatch(o -> o.retryAfter() != null && Long.parseLong(o.retryAfter()) >= 1);
      // After the restart: found by a probe within the longest back-off, no spgate restart.
      assertThat(all)
          .filteredOn(o -> o.atMs() > upAt + 1_500)
          .isNotEmpty()
          .allMatch(o -> o.status() == 200);

      BackendHealth health = sp.server().backends().get(backend.url());
      long failedOrRefused = health.failures() + health.refusals();
      // Every failed or refused request is counted (a request cut while the backend stopped may
      // count without reaching the client's tally).
      assertThat(failedOrRefused).isGreaterThanOrEqualTo(during.size());
      assertThat(failedOrRefused)
          .isLessThanOrEqualTo(during.size() + edgeCount(all, downAt, upAt) + 6);
      assertThat(health.timesMarkedDown()).isEqualTo(1);
      // 4 s of outage at > 100 requests/s: a first line, a marked-down line and one summary per
      // second, not one line per request.
      assertThat(linesDuringOutage)
          .as("log lines in 4 s of outage, for %d failed or refused requests", failedOrRefused)
          .isBetween(2L, 8L);
      assertThat(refusedLog.countContaining("marked down after 3 consecutive connect failures"))
          .isEqualTo(1);
      assertThat(refusedLog.countContaining("is up again")).isEqualTo(1);
    }
  }

  /** Failed or refused requests outside the strict outage window (its edges). */
  private static long edgeCount(List<Outcome> all, long downAt, long upAt) {
    return all.stream()
        .filter(o -> o.status() == 502 || o.status() == 503)
        .filter(o -> o.atMs() <= downAt + 200 || o.atMs() >= upAt)
        .count();
  }

  @Test
  void backendUpThenNoRequestRefusedAndNothingLogged() throws Exception {
    try (RestartableBackend backend = new RestartableBackend();
        TestSpGate sp =
            new TestSpGate(
                Files.createDirectories(dir.resolve("sp")),
                "  - {path: /, backend: \"" + backend.url() + "\", auth: none}",
                "backendHealth: {failuresToMarkDown: 1}\n");
        LogLines refusedLog = LogLines.of("spgate.refused")) {
      for (int i = 0; i < 50; i++) {
        assertThat(sp.get("/x").statusCode()).isEqualTo(200);
      }
      BackendHealth health = sp.server().backends().get(backend.url());
      assertThat(health.failures() + health.refusals() + health.connectFailures()).isZero();
      assertThat(refusedLog.count()).isZero();
    }
  }

  @Test
  void slowBackendUnderLoadThenTimesOutWithoutHoldingTheFastOneOrBeingMarkedDown()
      throws Exception {
    try (ScriptedBackend slow = new ScriptedBackend();
        TestSpGate sp =
            new TestSpGate(
                Files.createDirectories(dir.resolve("sp")),
                "  - {path: /slow, backend: \""
                    + slow.url()
                    + "\", auth: none}\n"
                    + "  - {path: /, backend: \"BACKEND\", auth: none}",
                "proxy: {backendTimeout: 1s}\nbackendHealth: {failuresToMarkDown: 2}\n")) {
      Reply[] replies = new Reply[20];
      java.util.Arrays.fill(replies, Reply.delayed(ScriptedBackend.OK, 3_000));
      slow.then(replies);
      ExecutorService pool = Executors.newFixedThreadPool(20);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long t0 = System.nanoTime();
      List<Future<Outcome>> slowOnes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        slowOnes.add(pool.submit(() -> request(client, sp.url("/slow/x"), t0)));
      }
      Thread.sleep(200);
      // The other backend is served at once while 20 requests wait on the slow one.
      for (int i = 0; i < 20; i++) {
        long started = System.nanoTime();
        assertThat(sp.get("/fast").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofMillis(500));
      }
      for (Future<Outcome> f : slowOnes) {
        Outcome o = f.get(5, TimeUnit.SECONDS);
        assertThat(o.status()).isEqualTo(502);
        assertThat(o.atMs()).isBetween(900L, 2_500L);
      }
      pool.shutdown();
      // Timeouts are not refused connections: the slow backend is not marked down.
      assertThat(sp.server().backends().get(slow.url()).isDown()).isFalse();
      assertThat(sp.server().backends().get(slow.url()).failures()).isEqualTo(20);
    }
  }

  private static Outcome request(HttpClient client, String url, long t0) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 503) {
        assertThat(r.body()).contains(Reason.BACKEND_DOWN.code());
      }
      return new Outcome(
          ms(t0), r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), null);
    } catch (Exception e) {
      return new Outcome(ms(t0), -1, null, e.toString());
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
