package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.testing.RawUpgradeBackend;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.WebSocketBackend;
import org.spgate.server.testing.WsClient;

/**
 * WebSockets through spgate ({@code routes[i].upgrade}): a real WebSocket backend (Undertow's), a
 * raw backend for exact bytes, and the JDK's WebSocket client. The upgrade request passes the
 * route's session check and carries identity headers; routes without the permission, backends that
 * refuse or misbehave, close in both directions, back-pressure, early bytes and the session's end.
 */
class WebSocketProxyHttpTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  @TempDir static Path dir;
  static WebSocketBackend ws;
  static RawUpgradeBackend raw;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    ws = new WebSocketBackend();
    raw = new RawUpgradeBackend();
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("sp")),
            "  - {path: /ws, backend: \""
                + ws.url()
                + "\", auth: required, upgrade: [websocket]}\n"
                + "  - {path: /plain, backend: \""
                + ws.url()
                + "\", auth: required}\n"
                + "  - {path: /open, backend: \""
                + ws.url()
                + "\", auth: none, upgrade: [websocket]}\n"
                + "  - {path: /raw, backend: \""
                + raw.url()
                + "\", auth: none, upgrade: [websocket]}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "sessions: {recheckInterval: 1s}\nproxy: {backendTimeout: 3s}\n");
  }

  @BeforeEach
  void reset() {
    ws.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    sp.close();
    ws.close();
    raw.close();
  }

  private static String wsUrl(String path) {
    return sp.url(path).replace("http://", "ws://");
  }

  private static int handshakeStatus(ExecutionException e) {
    assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  // --- the upgrade request is checked like any request ---------------------------------------

  @Test
  void upgradeWithSessionThenEchoedAndBackendSeesIdentityNotSpoofedHeaders() throws Exception {
    String cookie = sp.login("/ws/login", s -> {});
    WsClient client =
        WsClient.open(
            wsUrl("/ws/echo"),
            "Cookie",
            cookie + "; app=1",
            "Remote-User",
            "mallory",
            "Remote_User",
            "mallory",
            "eppn",
            "mallory@evil.test");

    client.send("hello");

    assertThat(client.next()).isEqualTo("hello");
    WebSocketBackend.Seen seen = ws.seen().get(ws.seen().size() - 1);
    assertThat(seen.path()).isEqualTo("/ws/echo");
    assertThat(seen.all("Upgrade")).containsExactly("websocket");
    assertThat(seen.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(seen.all("eppn")).containsExactly("alice@example.org");
    assertThat(seen.all("Remote_User")).isEmpty();
    assertThat(seen.all("Cookie")).containsExactly("app=1");
    client.socket().sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }

  @Test
  void upgradeWithoutSessionThenLoginRedirectAndNothingReachesBackend() throws Exception {
    assertThatThrownBy(() -> WsClient.open(wsUrl("/ws/echo")))
        .isInstanceOfSatisfying(
            ExecutionException.class, e -> assertThat(handshakeStatus(e)).isEqualTo(302));
    assertThat(ws.seen()).isEmpty();

    // control: the same upgrade with a session reaches the backend
    String cookie = sp.login("/ws/login", s -> {});
    ws.clear();
    WsClient.open(wsUrl("/ws/echo"), "Cookie", cookie).socket().abort();
    assertThat(ws.seen()).hasSize(1);
  }

  @Test
  void upgradeOnRouteWithoutPermissionThenProxiedAsPlainRequestWithoutUpgrade() throws Exception {
    String cookie = sp.login("/plain/login", s -> {});
    ws.clear();

    assertThatThrownBy(() -> WsClient.open(wsUrl("/plain/echo"), "Cookie", cookie))
        .isInstanceOfSatisfying(
            ExecutionException.class, e -> assertThat(handshakeStatus(e)).isEqualTo(200));

    assertThat(ws.seen()).hasSize(1);
    assertThat(ws.seen().get(0).path()).isEqualTo("/plain/echo");
    assertThat(ws.seen().get(0).all("Upgrade")).isEmpty();
    assertThat(ws.seen().get(0).all("Connection")).noneMatch(v -> v.contains("pgrade"));
    assertThat(ws.seen().get(0).all("Remote-User")).containsExactly("alice@example.org");
  }

  @Test
  void upgradeInHttp10RequestThenIgnoredAndProxiedPlainWhileHttp11Switches() throws Exception {
    URI base = URI.create(sp.url("/"));
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /open/old HTTP/1.0\r\nHost: "
                      + base.getAuthority()
                      + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: "
                      + KEY
                      + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.0 200 ");
    }
    assertThat(ws.seen()).hasSize(1);
    assertThat(ws.seen().get(0).all("Upgrade")).isEmpty();

    // control: the same request in HTTP/1.1 switches
    try (Socket s = rawUpgrade("/open/new", new byte[0])) {
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
    }
  }

  // --- the backend's answer ------------------------------------------------------------------

  @Test
  void backendRefusesUpgradeThenClientGetsItsResponse() throws Exception {
    try (Socket s = rawUpgrade("/open/deny", new byte[0])) {
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 403 ");
      assertThat(head.toLowerCase()).doesNotContain("upgrade");
      assertThat(new String(s.getInputStream().readNBytes(17), StandardCharsets.ISO_8859_1))
          .isEqualTo("denied by backend");
    }
    // control: the same request elsewhere switches
    try (Socket s = rawUpgrade("/open/echo", new byte[0])) {
      assertThat(readHead(s.getInputStream()))
          .startsWith("HTTP/1.1 101 ")
          .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
  }

  @Test
  void backendRefusesWithChunkedBodyThenBodyRelayedWhole() throws Exception {
    try (Socket s = rawUpgrade("/raw/chunked-refusal", new byte[0])) {
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 426 ").contains("X-Why: old");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (!body.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
        body.write(in.read());
      }
      assertThat(body.toString(StandardCharsets.ISO_8859_1).replaceAll("\r\n[0-9a-f]+\r\n", ""))
          .contains("hello world");
    }
  }

  @Test
  void backendSwitchesToProtocolNotOfferedThenBadGateway() throws Exception {
    try (Socket s = rawUpgrade("/raw/wrong-protocol", new byte[0])) {
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 502 ");
      int length =
          Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1").trim());
      assertThat(new String(s.getInputStream().readNBytes(length), StandardCharsets.ISO_8859_1))
          .contains(Reason.BACKEND_UNAVAILABLE.code());
    }
  }

  @Test
  void backendSendsFrameInSamePacketAs101ThenClientReceivesIt() throws Exception {
    WsClient client = WsClient.open(wsUrl("/raw/early"));

    assertThat(client.next()).isEqualTo("early");
  }

  @Test
  void clientSendsBytesWithItsRequestHeadThenBackendReceivesThemAndHalfCloseEndsBothWays()
      throws Exception {
    byte[] early = "ping".getBytes(StandardCharsets.ISO_8859_1);
    try (Socket s = rawUpgrade("/raw/rawecho", early)) {
      InputStream in = s.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
      assertThat(new String(in.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("ping");
      s.getOutputStream().write("pong".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(new String(in.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("pong");
      s.shutdownOutput(); // the backend echoes until it reads the end, then ends its side

      assertThat(in.read()).isEqualTo(-1);
    }
  }

  // --- relaying --------------------------------------------------------------------------------

  @Test
  void largeAndManyMessagesThenAllEchoedWholeAndInOrder() throws Exception {
    WsClient client = WsClient.open(wsUrl("/open/echo"));
    byte[] big = new byte[4 * 1024 * 1024];
    new Random(1).nextBytes(big);

    client.send(big);
    assertThat((byte[]) client.next()).isEqualTo(big);
    for (int i = 0; i < 2000; i++) {
      client.send("message " + i);
    }
    for (int i = 0; i < 2000; i++) {
      assertThat(client.next()).isEqualTo("message " + i);
    }
  }

  @Test
  void clientThatStopsReadingThenBackendIsHeldBackAndNothingIsLost() throws Exception {
    try (Socket s = rawUpgrade("/raw/flood", new byte[0])) {
      InputStream in = s.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
      long stalled = -1;
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          raw.flooded() != stalled && System.nanoTime() < end; ) {
        stalled = raw.flooded();
        Thread.sleep(500); // the backend's writes stop once every buffer on the way is full
      }

      // socket buffers on the way hold a few MiB; spgate holds one bounded buffer
      assertThat(raw.flooded()).isEqualTo(stalled).isLessThan(64L * 1024 * 1024);
      byte[] block = new byte[256 * 1024];
      long total = 0;
      for (int n; total < RawUpgradeBackend.FLOOD && (n = in.read(block)) > 0; ) {
        total += n;
      }
      assertThat(total).isEqualTo(RawUpgradeBackend.FLOOD);
    }
  }

  // --- closing -------------------------------------------------------------------------------

  @Test
  void clientClosesThenBackendSeesTheCloseAndAnswers() throws Exception {
    WsClient client = WsClient.open(wsUrl("/open/echo"));
    client.send("before");
    assertThat(client.next()).isEqualTo("before");
    int closedBefore = ws.closedSockets();

    client.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

    assertThat(client.ended.get(5, TimeUnit.SECONDS)).startsWith("close 1000");
    waitUntil(() -> ws.closedSockets() > closedBefore);
  }

  @Test
  void backendClosesThenClientSeesTheCloseFrame() throws Exception {
    WsClient client = WsClient.open(wsUrl("/open/echo"));

    client.send("close-me");

    assertThat(client.ended.get(5, TimeUnit.SECONDS)).isEqualTo("close 4000 bye");
  }

  @Test
  void backendDropsConnectionAfter101ThenClientSocketEnds() throws Exception {
    WsClient client = WsClient.open(wsUrl("/raw/abort"));

    assertThat(client.ended.get(5, TimeUnit.SECONDS)).isNotEmpty();
  }

  @Test
  void logoutThenItsSocketClosedWithinTheIntervalAndOtherSessionsSocketKept() throws Exception {
    String alice = sp.login("/ws/login", s -> {});
    String bob = sp.login("/ws/login", s -> {});
    WsClient aliceSocket = WsClient.open(wsUrl("/ws/echo"), "Cookie", alice);
    WsClient bobSocket = WsClient.open(wsUrl("/ws/echo"), "Cookie", bob);
    aliceSocket.send("a");
    assertThat(aliceSocket.next()).isEqualTo("a");

    sp.get("/Shibboleth.sso/Logout", "Cookie", alice);

    assertThat(aliceSocket.ended.get(3, TimeUnit.SECONDS)).isNotEmpty();
    Thread.sleep(1200); // another check interval: the live session's socket stays
    assertThat(bobSocket.ended).isNotDone();
    bobSocket.send("b");
    assertThat(bobSocket.next()).isEqualTo("b");
  }

  @Test
  void sessionExpiresThenSocketClosedAndSocketWithoutSessionKept() throws Exception {
    String cookie = sp.login("/ws/login", s -> {});
    WsClient withSession = WsClient.open(wsUrl("/ws/echo"), "Cookie", cookie);
    WsClient withoutSession = WsClient.open(wsUrl("/open/echo"));

    sp.clock.advance(Duration.ofHours(9)); // past sessions.lifetime (8 h)

    assertThat(withSession.ended.get(3, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(withoutSession.ended).isNotDone();
    withoutSession.send("still here");
    assertThat(withoutSession.next()).isEqualTo("still here");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** An upgrade request written in one write, followed by {@code after} in the same write. */
  private static Socket rawUpgrade(String path, byte[] after) throws Exception {
    URI base = URI.create(sp.url("/"));
    Socket s = new Socket(base.getHost(), base.getPort());
    s.setSoTimeout(10_000);
    byte[] head =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getAuthority()
                + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: "
                + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + after.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(after, 0, all, head.length, after.length);
    s.getOutputStream().write(all);
    return s;
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(20);
    }
  }
}
