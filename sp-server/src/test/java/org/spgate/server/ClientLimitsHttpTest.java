package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.TestSpGate;

/**
 * The client-side limits: half-sent request heads and idle connections are closed by their timeouts
 * while other clients are served, the connection cap holds new connections back (and says so in the
 * log), and the login endpoints refuse one address's flood with 429.
 */
class ClientLimitsHttpTest {

  @TempDir Path dir;

  private TestSpGate start(String extraYaml) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve("sp")),
        "  - {path: /, backend: \"BACKEND\", auth: none}",
        extraYaml);
  }

  @Test
  void threeThousandHalfSentHeadsThenAllClosedByTheHeadTimeoutWhileOthersAreServed()
      throws Exception {
    try (TestSpGate sp = start("limits: {requestHeadTimeout: 1500ms, idleTimeout: 60s}\n")) {
      List<Socket> slow = new ArrayList<>();
      try {
        long opened = System.nanoTime();
        for (int i = 0; i < 3_000; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress("127.0.0.1", sp.port()), 5_000);
          s.getOutputStream()
              .write(
                  "GET /app HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          slow.add(s);
        }
        long openMs = (System.nanoTime() - opened) / 1_000_000;
        // Served meanwhile, each on a fresh connection, with its whole head sent at once.
        for (int i = 0; i < 20; i++) {
          assertThat(sp.raw("GET", "/app/" + i).status()).isEqualTo(200);
        }
        Thread.sleep(Math.max(0, 1_500 + 1_000 - openMs));
        int stillOpen = 0;
        for (Socket s : slow) {
          if (!closedByServer(s, Duration.ofSeconds(3))) {
            stillOpen++;
          }
        }
        assertThat(stillOpen).as("connections still open after the head timeout").isZero();
        assertThat(sp.raw("GET", "/app/after").status()).isEqualTo(200);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void headCompletedWithinTheTimeoutThenServed() throws Exception {
    try (TestSpGate sp = start("limits: {requestHeadTimeout: 1500ms}\n");
        Socket s = new Socket("127.0.0.1", sp.port())) {
      s.getOutputStream()
          .write("GET /app HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(700);
      s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(3_000);
      String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 200");
    }
  }

  @Test
  void idleKeepAliveConnectionThenClosedAfterTheIdleTimeoutButNotBefore() throws Exception {
    try (TestSpGate sp = start("limits: {idleTimeout: 1500ms}\n");
        Socket s = new Socket("127.0.0.1", sp.port())) {
      s.getOutputStream()
          .write("GET /app HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(3_000);
      readResponse(s.getInputStream());
      // Still open well within the timeout: a second request on it is served.
      Thread.sleep(500);
      s.getOutputStream()
          .write("GET /app HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      readResponse(s.getInputStream());
      assertThat(closedByServer(s, Duration.ofSeconds(4))).isTrue();
    }
  }

  @Test
  void connectionCapReachedThenNewConnectionWaitsIsLoggedAndServedOnceOneCloses() throws Exception {
    try (LogLines log = LogLines.of("spgate");
        TestSpGate sp = start("limits: {maxConnections: 16}\n")) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          Socket s = new Socket("127.0.0.1", sp.port());
          s.getOutputStream()
              .write("GET /app HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          s.setSoTimeout(3_000);
          readResponse(s.getInputStream());
          held.add(s);
        }
        try (Socket extra = new Socket("127.0.0.1", sp.port())) {
          extra
              .getOutputStream()
              .write(
                  "GET /app HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          extra.setSoTimeout(1_500);
          // In the backlog: no answer while 16 connections are open.
          assertThat(readOrTimeout(extra.getInputStream())).isNull();
          awaitLine(log, "reached limits.maxConnections (16)");
          held.remove(0).close();
          extra.setSoTimeout(5_000);
          assertThat(readOrTimeout(extra.getInputStream())).startsWith("HTTP/1.1 200");
        }
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void loginFloodFromOneAddressThenRefusedWith429AndOneLogLine() throws Exception {
    try (LogLines log = LogLines.of("spgate.refused");
        TestSpGate sp = start("limits: {loginsPerMinutePerAddress: 5}\n")) {
      for (int i = 0; i < 5; i++) {
        assertThat(sp.get("/Shibboleth.sso/Login?target=/app").statusCode()).isEqualTo(302);
      }
      for (int i = 0; i < 20; i++) {
        var refused = sp.get("/Shibboleth.sso/Login?target=/app");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains(Reason.TOO_MANY_REQUESTS.code());
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
            .isBetween(1L, 60L);
      }
      // The assertion consumer shares the address's budget.
      assertThat(sp.postAcs("x", null).statusCode()).isEqualTo(429);
      assertThat(log.countContaining("loginsPerMinutePerAddress")).isEqualTo(1);
      // Other endpoints are not limited.
      assertThat(sp.get("/Shibboleth.sso/Status").statusCode()).isEqualTo(200);
    }
  }

  private static void awaitLine(LogLines log, String text) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (log.countContaining(text) == 0 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(log.lines()).anyMatch(l -> l.contains(text));
  }

  /** The first bytes of a response, or null if none arrive within the socket's timeout. */
  private static String readOrTimeout(InputStream in) throws IOException {
    byte[] buffer = new byte[64];
    try {
      int n = in.read(buffer);
      return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  /** Reads one response with a Content-Length body. */
  private static void readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    assertThat(m.find()).isTrue();
    in.readNBytes(Integer.parseInt(m.group(1)));
  }

  /** Whether the server closes {@code s} (EOF or reset) within {@code wait}. */
  private static boolean closedByServer(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) wait.toMillis());
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
