package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.proxy.health.BackendHealth;
import org.spgate.server.testing.RestartableBackend;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.ScriptedBackend.Reply;
import org.spgate.server.testing.TestSpGate;

/**
 * Routes with several backends ({@code backends: [...]}): requests in turn, a backend that stops
 * skipped without a failed request, a restarted one back after its skip time, a request that
 * reached a backend never sent to another; and a route's own timeout and body limit, each beside a
 * route with the global ones.
 */
class SeveralBackendsHttpTest {

  @TempDir Path dir;

  private TestSpGate spgate(String routes, String extra) throws Exception {
    return new TestSpGate(Files.createDirectories(dir.resolve("sp")), routes, extra);
  }

  private static String backends(String path, String... urls) {
    return "  - {path: " + path + ", backends: [" + String.join(", ", urls) + "], auth: none}";
  }

  @Test
  void getsWhenThreeBackendsThenEachServesExactlyOneThirdInTurn() throws Exception {
    try (ScriptedBackend a = new ScriptedBackend();
        ScriptedBackend b = new ScriptedBackend();
        ScriptedBackend c = new ScriptedBackend();
        TestSpGate sp = spgate(backends("/", a.url(), b.url(), c.url()), "")) {
      for (int i = 0; i < 30; i++) {
        assertThat(sp.get("/x/" + i).statusCode()).isEqualTo(200);
      }

      assertThat(a.heads()).hasSize(10);
      assertThat(b.heads()).hasSize(10);
      assertThat(c.heads()).hasSize(10);
      // In turn: the first, fourth, … request went to the first backend.
      assertThat(a.heads().get(0)).startsWith("GET /x/0 ");
      assertThat(b.heads().get(0)).startsWith("GET /x/1 ");
      assertThat(c.heads().get(0)).startsWith("GET /x/2 ");
    }
  }

  @Test
  void backendStoppedThenNoGetFailsAndRestartedThenItRejoinsAfterItsSkipTime() throws Exception {
    try (RestartableBackend a = new RestartableBackend();
        RestartableBackend b = new RestartableBackend();
        RestartableBackend c = new RestartableBackend();
        TestSpGate sp =
            spgate(
                backends("/", a.url(), b.url(), c.url()),
                "backendHealth: {failuresToMarkDown: 1, downFor: 2s, maxDownFor: 2s}\n")) {
      assertAllServed(sp, 30);
      assertThat(List.of(a.requests(), b.requests(), c.requests())).containsExactly(10, 10, 10);

      b.stop();
      long stoppedAt = System.nanoTime();
      // The first request in b's turn finds its kept-alive connection closed, and the connect for
      // it refused: nothing reached b, so it goes to c (200), and b is marked down. Its later
      // turns go to c at once.
      assertAllServed(sp, 30);
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
          .as("the skip time must not have passed yet")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(List.of(a.requests(), b.requests(), c.requests())).containsExactly(20, 10, 30);
      BackendHealth health = sp.server().backends().get(b.url());
      assertThat(health.isDown()).isTrue();
      assertThat(health.connectFailures()).isEqualTo(1);
      assertThat(health.failures() + health.refusals()).isZero(); // no client saw b fail

      b.start();
      Thread.sleep(2_200); // the skip time: b's next turn is its probe
      assertAllServed(sp, 30);
      assertThat(List.of(a.requests(), b.requests(), c.requests())).containsExactly(30, 20, 40);
      assertThat(health.isDown()).isFalse();
    }
  }

  private static void assertAllServed(TestSpGate sp, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = sp.get("/r");
      assertThat(r.statusCode()).as("request %d: %s", i, r.body()).isEqualTo(200);
    }
  }

  @Test
  void getsWhenEveryBackendIsDownThenBackendDownWithRetryAfter() throws Exception {
    int dead1 = freePort();
    int dead2 = freePort();
    try (TestSpGate sp =
        spgate(
            backends("/", "http://127.0.0.1:" + dead1, "http://127.0.0.1:" + dead2),
            "backendHealth: {failuresToMarkDown: 1, downFor: 30s}\n")) {
      // The first request tries both (nothing was sent to either): 502 and both marked down.
      HttpResponse<String> first = sp.get("/x");
      assertThat(first.statusCode()).isEqualTo(502);
      assertThat(first.body()).contains(Reason.BACKEND_UNAVAILABLE.code());

      HttpResponse<String> then = sp.get("/x");
      assertThat(then.statusCode()).isEqualTo(503);
      assertThat(then.body()).contains(Reason.BACKEND_DOWN.code());
      assertThat(then.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void postWhenItsBackendDiesAfterTheBodyThenNotSentToAnotherAnd502() throws Exception {
    try (ScriptedBackend x = new ScriptedBackend();
        ScriptedBackend y = new ScriptedBackend();
        TestSpGate sp = spgate(backends("/", x.url(), y.url()), "")) {
      x.then(Reply.hangUp()); // reads the whole request, then closes without an answer

      HttpResponse<String> lost = post(sp, "/orders", "order=1");
      HttpResponse<String> served = post(sp, "/orders", "order=2"); // y's turn: the control

      assertThat(lost.statusCode()).isEqualTo(502);
      assertThat(lost.body()).contains(Reason.BACKEND_UNAVAILABLE.code());
      assertThat(x.bodies()).containsExactly("order=1");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(y.bodies()).containsExactly("order=2"); // order=1 never reached y
      assertThat(y.heads()).hasSize(1);
    }
  }

  @Test
  void postWhenTheConnectToItsBackendIsRefusedThenTheNextBackendGetsItOnce() throws Exception {
    int dead = freePort();
    try (ScriptedBackend y = new ScriptedBackend();
        TestSpGate sp = spgate(backends("/", "http://127.0.0.1:" + dead, y.url()), "")) {
      HttpResponse<String> moved = post(sp, "/orders", "order=1"); // the dead one's turn
      HttpResponse<String> direct = post(sp, "/orders", "order=2"); // y's turn

      assertThat(moved.statusCode()).isEqualTo(200);
      assertThat(direct.statusCode()).isEqualTo(200);
      assertThat(y.bodies()).containsExactly("order=1", "order=2");
      assertThat(sp.server().backends().get("http://127.0.0.1:" + dead).connectFailures())
          .isEqualTo(1);
    }
  }

  @Test
  void getsWhenOneBackendNeverAnswersThenTwoTimeoutsSkipIt() throws Exception {
    try (ScriptedBackend hung = new ScriptedBackend();
        ScriptedBackend ok = new ScriptedBackend();
        TestSpGate sp =
            spgate(
                backends("/", hung.url(), ok.url()),
                "proxy: {backendTimeout: 1s}\nbackendHealth: {failuresToMarkDown: 2, downFor: 30s}\n")) {
      hung.then(Reply.delayed(ScriptedBackend.OK, 5_000), Reply.delayed(ScriptedBackend.OK, 5_000));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(sp.get("/x").statusCode());
      }

      // The hung backend's request reached it: 502, not resent. After the second, its turns go on.
      assertThat(statuses).containsExactly(502, 200, 502, 200, 200, 200);
      assertThat(hung.heads()).hasSize(2);
      assertThat(ok.heads()).hasSize(4);
      assertThat(sp.server().backends().get(hung.url()).isDown()).isTrue();
    }
  }

  @Test
  void routeBackendTimeoutShorterThanTheGlobalOneThenFiresOnThatRouteOnly() throws Exception {
    try (ScriptedBackend slow = new ScriptedBackend();
        ScriptedBackend alsoSlow = new ScriptedBackend();
        TestSpGate sp =
            spgate(
                "  - {path: /quick, backend: \""
                    + slow.url()
                    + "\", auth: none, backendTimeout: 1s}\n"
                    + "  - {path: /, backend: \""
                    + alsoSlow.url()
                    + "\", auth: none}",
                "proxy: {backendTimeout: 10s}\n")) {
      slow.then(Reply.delayed(ScriptedBackend.OK, 4_000));
      alsoSlow.then(Reply.delayed(ScriptedBackend.OK, 4_000));

      long t0 = System.nanoTime();
      HttpResponse<String> quick = sp.get("/quick/x");
      Duration quickTook = Duration.ofNanos(System.nanoTime() - t0);
      HttpResponse<String> patient = sp.get("/x"); // the control: the global 10 s

      assertThat(quick.statusCode()).isEqualTo(502);
      assertThat(quick.body()).contains(Reason.BACKEND_UNAVAILABLE.code());
      // Before the backend's answer: the route's 1 s, not the global 10 s, ended the wait.
      assertThat(quickTook).isBetween(Duration.ofMillis(900), Duration.ofMillis(3_900));
      assertThat(patient.statusCode()).isEqualTo(200);
      assertThat(patient.body()).isEqualTo("ok");
    }
  }

  @Test
  void routeMaxBodySizeThenRefusedOnThatRouteOnlyFixedAndChunked() throws Exception {
    try (TestSpGate sp =
        spgate(
            "  - {path: /small, backend: \"BACKEND\", auth: none, maxBodySize: 1KiB}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "")) {
      String body = "x".repeat(2048);

      HttpResponse<String> fixed = post(sp, "/small/upload", body);
      HttpResponse<String> chunked = postChunked(sp, "/small/upload", body);
      HttpResponse<String> smallEnough = post(sp, "/small/upload", "x".repeat(1024));
      HttpResponse<String> control = post(sp, "/upload", body);
      HttpResponse<String> chunkedControl = postChunked(sp, "/upload", body);

      assertThat(fixed.statusCode()).isEqualTo(413);
      assertThat(fixed.body()).contains(Reason.REQUEST_TOO_LARGE.code());
      assertThat(chunked.statusCode()).isEqualTo(413);
      assertThat(chunked.body()).contains(Reason.REQUEST_TOO_LARGE.code());
      assertThat(smallEnough.statusCode()).isEqualTo(200);
      assertThat(control.statusCode()).isEqualTo(200);
      assertThat(chunkedControl.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void routeMaxBodySizeAboveTheGlobalLimitThenLargerBodiesPassOnThatRouteOnly() throws Exception {
    try (TestSpGate sp =
        spgate(
            "  - {path: /upload, backend: \"BACKEND\", auth: none, maxBodySize: 64KiB}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "proxy: {maxRequestBody: 1KiB}\n")) {
      String body = "x".repeat(8 * 1024);

      assertThat(post(sp, "/upload/file", body).statusCode()).isEqualTo(200);
      assertThat(postChunked(sp, "/upload/file", body).statusCode()).isEqualTo(200);
      assertThat(post(sp, "/file", body).statusCode()).isEqualTo(413);
      assertThat(postChunked(sp, "/file", body).statusCode()).isEqualTo(413);
    }
  }

  private static HttpResponse<String> post(TestSpGate sp, String path, String body)
      throws Exception {
    return sp.send(
        sp.request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A POST whose length is not known in advance: sent with {@code Transfer-Encoding: chunked}. */
  private static HttpResponse<String> postChunked(TestSpGate sp, String path, String body)
      throws Exception {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return sp.send(
        sp.request(path)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build());
  }

  private static int freePort() throws Exception {
    return TestSpGate.freePort(); // below the ephemeral range: see there why a dead port must be
  }
}
