package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.proxy.health.BackendHealth;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.WebSocketBackend;
import org.spgate.server.testing.WsClient;

/**
 * WebSockets on a route with several backends ({@code backends: [...]} with {@code upgrade:
 * [websocket]}): upgrades go to the backends in turn like plain requests, a stopped backend is
 * skipped after its failed connect (counted toward its health), and with every backend down the
 * upgrade gets the 502, then the 503, a plain request gets; beside a route with one backend.
 */
class WebSocketSeveralBackendsHttpTest {

  private static final String[] UPGRADE = {
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13"
  };

  @TempDir Path dir;

  private TestSpGate spgate(String... backends) throws Exception {
    String list = String.join(", ", backends);
    return new TestSpGate(
        Files.createDirectories(dir.resolve("sp")),
        String.join(
            "\n",
            "  - {path: /ws, backends: [" + list + "], auth: none, upgrade: [websocket]}",
            "  - {path: /plain, backends: [" + list + "], auth: none}",
            "  - {path: /one, backend: \"" + backends[0] + "\", auth: none, upgrade: [websocket]}",
            "  - {path: /, backend: \"BACKEND\", auth: none}"),
        "backendHealth: {failuresToMarkDown: 1, downFor: 30s, maxDownFor: 30s}\n");
  }

  /** Opens a WebSocket on {@code path}, sends one text and returns the tagged echo. */
  private static String echoThrough(TestSpGate sp, String path) throws Exception {
    WsClient client = WsClient.open(sp.url(path).replaceFirst("^http", "ws"));
    try {
      client.send("hi");
      return (String) client.next();
    } finally {
      client.socket().abort();
    }
  }

  @Test
  void upgradesWhenTwoBackendsThenTheyAlternateLikePlainRequests() throws Exception {
    try (WebSocketBackend a = new WebSocketBackend("a");
        WebSocketBackend b = new WebSocketBackend("b");
        TestSpGate sp = spgate(a.url(), b.url())) {
      List<String> echoes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        echoes.add(echoThrough(sp, "/ws/echo"));
      }

      assertThat(echoes).containsOnly("a:hi", "b:hi");
      assertThat(echoes.get(0)).isNotEqualTo(echoes.get(1));
      assertThat(echoes.get(2)).isEqualTo(echoes.get(0));
      assertThat(echoes.get(3)).isEqualTo(echoes.get(1));
    }
  }

  @Test
  void upgradesWhenOneBackendStoppedThenAllSucceedOnTheOtherAndItsConnectFailureCounts()
      throws Exception {
    try (WebSocketBackend a = new WebSocketBackend("a");
        WebSocketBackend b = new WebSocketBackend("b");
        TestSpGate sp = spgate(a.url(), b.url())) {
      b.close();

      List<String> echoes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        echoes.add(echoThrough(sp, "/ws/echo"));
      }

      assertThat(echoes).containsOnly("a:hi");
      BackendHealth stopped = sp.server().backends().get(b.url());
      // b's turn came once: its refused connect moved that upgrade to a and marked b down.
      assertThat(stopped.connectFailures()).isEqualTo(1);
      assertThat(stopped.isDown()).isTrue();
      assertThat(sp.server().backends().get(a.url()).isDown()).isFalse();
    }
  }

  @Test
  void upgradeWhenEveryBackendDownThen502Then503LikeAPlainRequest() throws Exception {
    String x;
    String y;
    // Two free ports below the ephemeral range (see TestSpGate.freePort): connects are refused.
    x = "http://127.0.0.1:" + TestSpGate.freePort();
    y = "http://127.0.0.1:" + TestSpGate.freePort();
    try (TestSpGate sp = spgate(x, y)) {
      TestSpGate.RawResponse first = sp.raw("GET", "/ws/echo", UPGRADE);
      TestSpGate.RawResponse plain = sp.raw("GET", "/plain/x");
      TestSpGate.RawResponse again = sp.raw("GET", "/ws/echo", UPGRADE);

      // Both connects failed (each backend tried once) and counted: both are now marked down,
      // which the plain route to the same backends sees at once.
      assertThat(first.status()).isEqualTo(502);
      assertThat(first.body()).contains(Reason.BACKEND_UNAVAILABLE.code());
      assertThat(sp.server().backends().get(x).connectFailures()).isEqualTo(1);
      assertThat(sp.server().backends().get(y).connectFailures()).isEqualTo(1);
      assertThat(plain.status()).isEqualTo(503);
      assertThat(plain.body()).contains(Reason.BACKEND_DOWN.code());
      assertThat(again.status()).isEqualTo(503);
      assertThat(again.body()).contains(Reason.BACKEND_DOWN.code());
      assertThat(again.head()).containsIgnoringCase("Retry-After:");
    }
  }

  @Test
  void upgradeWhenOneBackendRouteThenItsBackendAnswersEveryTime() throws Exception {
    try (WebSocketBackend a = new WebSocketBackend("a");
        WebSocketBackend b = new WebSocketBackend("b");
        TestSpGate sp = spgate(a.url(), b.url())) {
      List<String> echoes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        echoes.add(echoThrough(sp, "/one/echo"));
      }

      assertThat(echoes).containsExactly("a:hi", "a:hi", "a:hi");
      assertThat(b.seen()).isEmpty();
    }
  }
}
