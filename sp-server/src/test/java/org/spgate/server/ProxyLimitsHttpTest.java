package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RawClient;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.ScriptedBackend.Reply;
import org.spgate.server.testing.TestSpGate;

/**
 * The bounds of the proxy: open backend connections capped per backend across I/O threads, a
 * bounded wait queue answered with 503 when full, idle connections closed after {@code
 * proxy.idleTimeout}; and time limits that let bodies flow as long as bytes move (long downloads,
 * server-sent events) while a silent backend is cut off.
 */
class ProxyLimitsHttpTest {

  static final String SLOW = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow";

  @TempDir static Path dir;
  static ScriptedBackend raw;
  static ScriptedBackend rawStreaming;
  static TestSpGate capped;
  static TestSpGate streaming;

  @BeforeAll
  static void start() throws Exception {
    raw = new ScriptedBackend();
    rawStreaming = new ScriptedBackend();
    String routes = "  - {path: /raw, backend: \"" + raw.url() + "\", auth: none}";
    capped =
        new TestSpGate(
            Files.createDirectories(dir.resolve("capped")),
            routes,
            "proxy: {connectionsPerBackend: 2, maxQueue: 2, backendTimeout: 10s,"
                + " idleTimeout: 1s}\n");
    streaming =
        new TestSpGate(
            Files.createDirectories(dir.resolve("streaming")),
            "  - {path: /raw, backend: \"" + rawStreaming.url() + "\", auth: none}",
            "proxy: {backendTimeout: 1s, stallTimeout: 1s}\n");
  }

  @BeforeEach
  void reset() {
    raw.reset();
    rawStreaming.reset();
  }

  @AfterAll
  static void stop() throws Exception {
    capped.close();
    streaming.close();
    raw.close();
    rawStreaming.close();
  }

  private static int port(TestSpGate sp) {
    return Integer.parseInt(sp.url("").split(":")[2]);
  }

  private static List<RawClient.Received> concurrently(TestSpGate sp, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<RawClient.Received>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String request = "GET /raw/" + i + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        futures.add(pool.submit(() -> RawClient.exchange(port(sp), request, 15_000)));
        Thread.sleep(30); // in order, so the queue fills the same way every run
      }
      List<RawClient.Received> out = new ArrayList<>();
      for (Future<RawClient.Received> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  // --- pool cap and queue ----------------------------------------------------------------------

  @Test
  void proxyWhenMoreConcurrentRequestsThanConnectionsThenQueuedAndConnectionsCapped()
      throws Exception {
    for (int i = 0; i < 4; i++) {
      raw.then(Reply.delayed(SLOW, 400));
    }
    List<List<RawClient.Received>> out = new ArrayList<>();
    int max = raw.maxEstablishedDuring(() -> out.add(concurrently(capped, 4)));
    List<RawClient.Received> got = out.get(0);
    assertThat(got).allSatisfy(r -> assertThat(r.status()).as(r.bytes()).isEqualTo(200));
    assertThat(got).allSatisfy(r -> assertThat(r.body()).isEqualTo("slow"));
    assertThat(max).isEqualTo(2);
  }

  @Test
  void proxyWhenConnectionsBusyAndQueueFullThenServiceUnavailablePage() throws Exception {
    for (int i = 0; i < 5; i++) {
      raw.then(Reply.delayed(SLOW, 800));
    }
    List<List<RawClient.Received>> out = new ArrayList<>();
    int max = raw.maxEstablishedDuring(() -> out.add(concurrently(capped, 5)));
    List<RawClient.Received> got = out.get(0);
    assertThat(max).isEqualTo(2);
    long ok = got.stream().filter(r -> r.status() == 200).count();
    List<RawClient.Received> refused = got.stream().filter(r -> r.status() == 503).toList();
    assertThat(ok).isEqualTo(4); // two on the connections, two in the queue
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).body()).contains("SPG-54").contains("Correlation id");
    assertThat(refused.get(0).millis()).isLessThan(700); // refused at once, not after waiting
  }

  // --- idle expiry -----------------------------------------------------------------------------

  @Test
  void proxyWhenConnectionIdleLongerThanIdleTimeoutThenClosed() throws Exception {
    Thread.sleep(1500); // connections of earlier tests expire first
    int closedBefore = raw.closedConnections();
    int openedBefore = raw.connections();
    HttpResponse<String> r = capped.get("/raw/idle");
    assertThat(r.statusCode()).isEqualTo(200);
    Thread.sleep(300);
    assertThat(raw.closedConnections()).as("kept while young").isEqualTo(closedBefore);
    long deadline = System.currentTimeMillis() + 4000;
    while (raw.closedConnections() - closedBefore < raw.connections() - openedBefore
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(raw.closedConnections() - closedBefore).isEqualTo(raw.connections() - openedBefore);
    assertThat(capped.get("/raw/again").statusCode()).isEqualTo(200);
  }

  // --- streaming time limits -------------------------------------------------------------------

  @Test
  void proxyWhenDownloadFlowsLongerThanBackendTimeoutThenDeliveredWhole() throws Exception {
    // 8 pieces 300 ms apart: 2.4 s in all, past backendTimeout (1 s), never 1 s without a byte
    rawStreaming.then(
        Reply.trickled("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n", "hello", 8, 300, ""));
    RawClient.Received r =
        RawClient.exchange(
            port(streaming),
            "GET /raw/download HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            10_000);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello".repeat(8));
    assertThat(r.millis()).isGreaterThan(2000);
  }

  @Test
  void proxyWhenBackendStallsMidBodyThenClientConnectionClosedAfterStallTimeout() throws Exception {
    rawStreaming.then(
        new Reply(
            "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\nhello",
            0,
            0,
            false,
            List.of(new ScriptedBackend.Later(4000, "x".repeat(35)))));
    RawClient.Received r =
        RawClient.exchange(
            port(streaming),
            "GET /raw/stall HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            10_000);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.body()).isNull(); // incomplete: cut off
    assertThat(r.millis()).isBetween(900L, 3500L);
  }

  @Test
  void proxyWhenServerSentEventsThenEachEventArrivesAsSentPastBackendTimeout() throws Exception {
    String event = "data: tick\n\n";
    String chunk = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";
    rawStreaming.then(
        Reply.trickled(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n",
            chunk,
            6,
            400,
            "0\r\n\r\n"));
    long t0 = System.nanoTime();
    HttpResponse<java.util.stream.Stream<String>> r =
        streaming
            .client()
            .send(
                streaming.request("/raw/events").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<Long> arrivals = new ArrayList<>();
    r.body()
        .filter(l -> l.equals("data: tick"))
        .forEach(l -> arrivals.add((System.nanoTime() - t0) / 1_000_000));
    assertThat(arrivals).hasSize(6);
    // the first event is relayed when it is sent, not when the stream ends (about 2.4 s)
    assertThat(arrivals.get(0)).isLessThan(1200);
    assertThat(arrivals.get(5)).isGreaterThan(2000);
  }
}
