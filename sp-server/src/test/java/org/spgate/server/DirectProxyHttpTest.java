package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.core.check.Reason;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.ScriptedBackend.Reply;
import org.spgate.server.testing.TestSpGate;

/**
 * spgate's own forwarder ({@code DirectForwarder}) against a backend that writes exactly the bytes
 * a test scripts: framing, reuse, retries, timeouts, back-pressure and the strict response parser,
 * every refusal beside the accepted response it differs from.
 */
class DirectProxyHttpTest {

  @TempDir static Path dir;
  static ScriptedBackend raw;
  static int deadPort;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    raw = new ScriptedBackend();
    deadPort = TestSpGate.freePort(); // not bind(0): see freePort on self-connects
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("sp")),
            "  - {path: /raw, backend: \""
                + raw.url()
                + "\", auth: none}\n"
                + "  - {path: /down, backend: \"http://127.0.0.1:"
                + deadPort
                + "\", auth: none}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "proxy: {backendTimeout: 2s}\n");
  }

  @BeforeEach
  void reset() {
    raw.reset();
    sp.backend.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    sp.close();
    raw.close();
  }

  private static void assertSameConnection() {
    assertThat(raw.connectionOfHead()).hasSize(2);
    assertThat(raw.connectionOfHead().get(1)).isEqualTo(raw.connectionOfHead().get(0));
  }

  private static void assertBadGateway(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains(Reason.BACKEND_UNAVAILABLE.code());
  }

  // --- framing ---------------------------------------------------------------------------------

  @Test
  void getWhenBackendAnswersWithContentLengthThenRelayedAndConnectionReused() throws Exception {
    raw.then(Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-App: 1\r\n\r\nhello"));
    HttpResponse<String> first = sp.get("/raw/a?q=1");
    HttpResponse<String> second = sp.get("/raw/b");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello");
    assertThat(first.headers().firstValue("X-App")).hasValue("1");
    assertThat(second.body()).isEqualTo("ok");
    assertThat(raw.heads().get(0)).startsWith("GET /raw/a?q=1 HTTP/1.1\r\n");
    assertSameConnection();
  }

  @Test
  void getWhenBackendAnswersChunkedThenBodyDecodedAndTrailersDropped() throws Exception {
    raw.then(
        Reply.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"));
    HttpResponse<String> r = sp.get("/raw/chunked");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello, world");
    assertThat(sp.get("/raw/next").body()).isEqualTo("ok");
    assertSameConnection();
  }

  @Test
  void getWhenBackendDelimitsBodyByCloseThenRelayedAndConnectionNotReused() throws Exception {
    raw.then(Reply.closing("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"));
    HttpResponse<String> r = sp.get("/raw/close");
    assertThat(r.body()).isEqualTo("until the end");
    assertThat(sp.get("/raw/next").body()).isEqualTo("ok");
    assertThat(raw.connectionOfHead().get(1)).isNotEqualTo(raw.connectionOfHead().get(0));
  }

  @Test
  void headWhenBackendSendsContentLengthThenNoBodyAndLengthKept() throws Exception {
    raw.then(Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
    HttpResponse<String> r =
        sp.send(sp.request("/raw/h").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("1234");
    assertThat(sp.get("/raw/next").body()).isEqualTo("ok");
    assertSameConnection();
  }

  @ParameterizedTest
  @ValueSource(ints = {204, 304})
  void getWhenStatusHasNoBodyThenNoneRelayedAndConnectionReused(int status) throws Exception {
    raw.then(Reply.of("HTTP/1.1 " + status + " X\r\nETag: \"e\"\r\n\r\n"));
    HttpResponse<String> r = sp.get("/raw/empty");
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body()).isEmpty();
    assertThat(sp.get("/raw/next").body()).isEqualTo("ok");
    assertSameConnection();
  }

  @Test
  void getWhenBackendSendsInterimResponsesThenOnlyFinalOneRelayed() throws Exception {
    raw.then(
        Reply.of(
            "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
    HttpResponse<String> r = sp.get("/raw/interim");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("final");
  }

  @Test
  void getWhenBackendNamesHopByHopHeadersThenTheyAreRemovedAndOthersKept() throws Exception {
    raw.then(
        Reply.of(
            "HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\n"
                + "X-Hop: 1\r\nX-End: 2\r\nContent-Length: 2\r\n\r\nok"));
    HttpResponse<String> r = sp.get("/raw/hop");
    assertThat(r.headers().firstValue("X-End")).hasValue("2");
    assertThat(r.headers().firstValue("X-Hop")).isEmpty();
    assertThat(r.headers().firstValue("Keep-Alive")).isEmpty();
  }

  @Test
  void getWhenForwardedThenRequestHopByHopDroppedAndForwardedHeadersSet() throws Exception {
    TestSpGate.RawResponse r =
        sp.raw("GET", "/x", "Connection: close, X-Drop", "X-Drop: 1", "X-Keep: 2");
    assertThat(r.status()).isEqualTo(200);
    var received = sp.backend.take();
    assertThat(received.get("X-Keep")).isEqualTo("2");
    assertThat(received.get("X-Drop")).isNull();
    assertThat(received.get("Connection")).isNull();
    assertThat(received.all("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(received.all("X-Forwarded-Proto")).containsExactly("http");
    assertThat(received.all("X-Forwarded-Host")).containsExactly("127.0.0.1");
    assertThat(received.all("X-Forwarded-Server")).containsExactly("127.0.0.1");
    assertThat(received.all("X-Forwarded-Port")).containsExactly(sp.url("").split(":")[2]);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void getWhenClientPipelinesTwoRequestsThenBothAnsweredInOrder(boolean whileFirstIsPending)
      throws Exception {
    // The forwarder leaves the client connection's reads on while the backend answers; a request
    // that arrives meanwhile must wait for the first response, not be lost or answered early.
    raw.then(
        Reply.delayed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst", 300),
        Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"));
    String first = "GET /raw/p1 HTTP/1.1\r\nHost: x\r\n\r\n";
    String second = "GET /raw/p2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    int port = Integer.parseInt(sp.url("").split(":")[2]);
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(10_000);
      var out = client.getOutputStream();
      if (whileFirstIsPending) {
        out.write(first.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread.sleep(100);
        out.write(second.getBytes(StandardCharsets.ISO_8859_1));
      } else {
        out.write((first + second).getBytes(StandardCharsets.ISO_8859_1));
      }
      String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all).containsSubsequence("first", "HTTP/1.1 200", "second");
    }
    assertThat(raw.heads()).hasSize(2);
  }

  // --- strict parsing: each refused head beside the accepted one it differs from ----------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-V: a\tb \r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"
      })
  void getWhenResponseHeadIsWellFormedThenRelayed(String response) throws Exception {
    raw.then(Reply.of(response));
    HttpResponse<String> r = sp.get("/raw/good");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\nok", // status not digits
        "HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok", // version
        "HTTP/1.1 200OK\r\nContent-Length: 2\r\n\r\nok", // no SP after status
        "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 2\r\n\r\nok", // name not a token
        "HTTP/1.1 200 OK\r\nX-A : x\r\nContent-Length: 2\r\n\r\nok", // space before colon
        "HTTP/1.1 200 OK\r\nX-A: x\r\n folded\r\nContent-Length: 2\r\n\r\nok", // obs-fold
        "HTTP/1.1 200 OK\r\nX-A: x\nSet-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok", // bare LF
        "HTTP/1.1 200 OK\r\nX-A: x\rSet-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok", // bare CR
        "HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\nContent-Length: 2\r\n\r\nok", // NUL
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", // conflicting CL
        "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok", // CL not digits
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n" // upgrade not asked for
      })
  void getWhenResponseHeadIsMalformedThenBadGatewayPage(String response) throws Exception {
    raw.then(Reply.of(response));
    HttpResponse<String> r = sp.get("/raw/bad");
    assertBadGateway(r);
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void getWhenChunkSizeIsHexThenRelayed() throws Exception {
    raw.then(Reply.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"));
    HttpResponse<String> r = sp.get("/raw/chunk");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void getWhenChunkSizeIsNotHexThenConnectionClosedWithoutResponse() throws Exception {
    raw.then(
        Reply.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n"));
    // The head was valid, so the backend's status is committed; nothing of it had been written
    // when the bad chunk arrived, and the client connection is closed: no response at all.
    TestSpGate.RawResponse r = sp.raw("GET", "/raw/chunk");
    assertThat(r.status()).isEqualTo(-1);
    assertThat(r.body()).doesNotContain("ok");
  }

  // --- failures, retries, timeouts -------------------------------------------------------------

  @Test
  void getWhenBackendIsDownThenBadGatewayPage() throws Exception {
    assertBadGateway(sp.get("/down/x"));
  }

  @Test
  void getWhenReusedConnectionClosesBeforeAnyResponseByteThenRetriedOnFreshConnection()
      throws Exception {
    raw.then(Reply.of(ScriptedBackend.OK), Reply.hangUp(), Reply.of(ScriptedBackend.OK));
    assertThat(sp.get("/raw/1").statusCode()).isEqualTo(200);
    HttpResponse<String> r = sp.get("/raw/2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(raw.heads()).hasSize(3);
    assertThat(raw.connectionOfHead().get(2)).isNotEqualTo(raw.connectionOfHead().get(1));
  }

  @Test
  void deleteWhenReusedConnectionClosesBeforeResponseThenNotResentAndBadGateway() throws Exception {
    raw.then(Reply.of(ScriptedBackend.OK), Reply.hangUp());
    assertThat(sp.get("/raw/1").statusCode()).isEqualTo(200);
    HttpResponse<String> r = sp.send(sp.request("/raw/2").DELETE().build());
    assertBadGateway(r);
    assertThat(raw.heads()).hasSize(2);
  }

  @Test
  void getWhenConnectionClosesAfterPartOfTheResponseThenNotRetried() throws Exception {
    raw.then(Reply.of(ScriptedBackend.OK), Reply.closing("HTTP/1.1 200 OK\r\nContent-Le"));
    assertThat(sp.get("/raw/1").statusCode()).isEqualTo(200);
    assertBadGateway(sp.get("/raw/2"));
    assertThat(raw.heads()).hasSize(2);
  }

  @Test
  void getWhenBackendAnswersWithinTimeoutThenRelayed() throws Exception {
    raw.then(Reply.delayed(ScriptedBackend.OK, 500));
    assertThat(sp.get("/raw/slow").statusCode()).isEqualTo(200);
  }

  @Test
  void getWhenBackendAnswersAfterTimeoutThenBadGatewayPage() throws Exception {
    raw.then(Reply.delayed(ScriptedBackend.OK, 4000));
    long t0 = System.nanoTime();
    assertBadGateway(sp.get("/raw/slower"));
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1500L, 3900L);
  }

  // --- back-pressure -----------------------------------------------------------------------------

  @Test
  void getWhenClientReadsSlowlyThenBackendIsHeldBackAndBodyArrivesWhole() throws Exception {
    long size = 256L * 1024 * 1024;
    raw.then(new Reply("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n", 0, size, false));
    int port = Integer.parseInt(sp.url("").split(":")[2]);
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setReceiveBufferSize(64 * 1024);
      client
          .getOutputStream()
          .write("GET /raw/big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      Thread.sleep(700);
      long held = raw.bodyWritten();
      // socket buffers on both sides plus one read buffer in spgate, not the whole body
      assertThat(held).isLessThan(64L * 1024 * 1024);
      InputStream in = client.getInputStream();
      byte[] buf = new byte[256 * 1024];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0 && total < size + 1000; ) {
        total += n;
        if (total >= size + 40) {
          break;
        }
      }
      assertThat(total).isGreaterThanOrEqualTo(size);
    }
  }
}
