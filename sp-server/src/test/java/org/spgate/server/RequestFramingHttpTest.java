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
import org.spgate.server.testing.RawClient;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * How a client's request is framed toward the backend: only {@code Content-Length} or exactly
 * {@code chunked} is forwarded (re-framed by spgate), anything else is refused before a byte
 * reaches the backend; a malformed chunked body never reaches it complete; HTTP/1.0 without {@code
 * Host}, {@code Connection: ..., close} and {@code Expect: 100-continue}.
 */
class RequestFramingHttpTest {

  @TempDir static Path dir;
  static ScriptedBackend raw;
  static TestSpGate sp;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    raw = new ScriptedBackend();
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("sp")),
            "  - {path: /raw, backend: \""
                + raw.url()
                + "\", auth: none}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "");
    port = Integer.parseInt(sp.url("").split(":")[2]);
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

  private static RawClient.Received post(String framing, String body) throws Exception {
    return RawClient.exchange(
        port,
        "POST /raw/up HTTP/1.1\r\nHost: x\r\n" + framing + "Connection: close\r\n\r\n" + body,
        5000);
  }

  // --- transfer codings ------------------------------------------------------------------------

  @Test
  void postWhenChunkedBodyThenReframedAndForwardedWhole() throws Exception {
    RawClient.Received r =
        post("Transfer-Encoding: chunked\r\n", "3\r\nabc\r\n2;x=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(raw.bodies()).containsExactly("abcde");
    assertThat(raw.heads().get(0)).containsIgnoringCase("Transfer-Encoding: chunked\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"xchunked", "gzip, chunked", "identity"})
  void postWhenTransferCodingIsNotChunkedThenNotImplementedAndNothingForwarded(String te)
      throws Exception {
    RawClient.Received r = post("Transfer-Encoding: " + te + "\r\n", "3\r\nabc\r\n0\r\n\r\n");
    assertThat(r.status()).as(r.bytes()).isEqualTo(501);
    assertThat(r.body()).contains("SPG-48");
    assertThat(raw.heads()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Transfer-Encoding: chunked, identity\r\n",
        "Transfer-Encoding: chunked, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Content-Length: 5\r\nContent-Length: 6\r\n"
      })
  void postWhenFramingIsAmbiguousThenBadRequestAndNothingForwarded(String framing)
      throws Exception {
    RawClient.Received r = post(framing, "3\r\nabc\r\n0\r\n\r\n");
    assertThat(r.status()).as(r.bytes()).isEqualTo(400);
    if (!r.body().isEmpty()) {
      assertThat(r.body()).contains("SPG-47"); // else Undertow's parser refused it already
    }
    assertThat(raw.heads()).isEmpty();
  }

  @Test
  void postWhenChunkedBodyIsMalformedThenBackendNeverGetsACompleteRequest() throws Exception {
    RawClient.Received r =
        post("Transfer-Encoding: chunked\r\n", "3\r\nabc\r\nzz\r\nde\r\n0\r\n\r\n");
    // Undertow's chunked decoder closes the client connection at the bad chunk: no response
    // can be written on it (docs/configuration.md, "Request framing").
    assertThat(r.status()).as(r.bytes()).isIn(-1, 400);
    Thread.sleep(300);
    // The head may have left already (the body streams); its body never ends, so the backend
    // never answers it, and its connection is closed.
    assertThat(raw.bodies()).isEmpty();
    assertThat(raw.closedConnections()).isEqualTo(raw.connections());
    assertThat(post("Content-Length: 3\r\n", "abc").status()).isEqualTo(200);
    assertThat(raw.bodies()).containsExactly("abc");
  }

  // --- the rest of the request head ------------------------------------------------------------

  @Test
  void getWhenHttp10WithoutHostThenBackendGetsItsOwnHost() throws Exception {
    RawClient.Received r = RawClient.exchange(port, "GET /raw/old HTTP/1.0\r\n\r\n", 5000);
    assertThat(r.status()).isEqualTo(200);
    String head = raw.heads().get(0);
    assertThat(head).contains("\r\nHost: 127.0.0.1:" + raw.url().split(":")[2] + "\r\n");
    assertThat(head.split("\r\nHost:", -1)).hasSize(2); // exactly one
  }

  @Test
  void getWhenHttp10WithHostThenThatHostForwarded() throws Exception {
    RawClient.Received r =
        RawClient.exchange(port, "GET /raw/old HTTP/1.0\r\nHost: app.example\r\n\r\n", 5000);
    assertThat(r.status()).isEqualTo(200);
    assertThat(raw.heads().get(0)).contains("\r\nHost: app.example\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Foo, close", "close, X-Foo", "close"})
  void getWhenConnectionListsCloseAmongOthersThenClientConnectionClosedAfterResponse(String value)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      s.getOutputStream()
          .write(
              ("GET /raw/c HTTP/1.1\r\nHost: x\r\nConnection: " + value + "\r\nX-Foo: 1\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // ends at close
      assertThat(all).startsWith("HTTP/1.1 200").endsWith("ok");
    }
    if (value.contains("X-Foo")) {
      assertThat(raw.heads().get(0)).doesNotContain("X-Foo");
    }
  }

  @Test
  void getWhenConnectionNamesOnlyAHeaderThenClientConnectionKeptOpen() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      var out = s.getOutputStream();
      out.write(
          "GET /raw/1 HTTP/1.1\r\nHost: x\r\nConnection: X-Foo\r\nX-Foo: 1\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(
          "GET /raw/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all.split("HTTP/1.1 200", -1)).hasSize(3); // both answered on one connection
    }
  }

  @Test
  void postWhenExpectContinueThenSpgateAnswersAndBodyForwarded() throws Exception {
    byte[] body = "e".repeat(50_000).getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> r =
        sp.send(
            sp.request("/upload")
                .expectContinue(true)
                .timeout(java.time.Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    var received = sp.backend.take();
    assertThat(received.body()).hasSize(body.length);
    assertThat(received.get("Expect")).isNull();
  }
}
