package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spgate.server.testing.RawClient;
import org.spgate.server.testing.ScriptedBackend;
import org.spgate.server.testing.ScriptedBackend.Reply;
import org.spgate.server.testing.TestSpGate;

/**
 * Every response shape a conforming or buggy backend can write, crossed with the request kinds (no
 * body, fixed-length body, chunked body): client A's request gets the shape, then a different
 * client B sends the same kind of request, which may travel on the backend connection A's response
 * left behind. Each client's bytes are asserted: A gets exactly its response (or the 502 page, or a
 * closed connection when the response had started), and B gets exactly its own, never bytes the
 * backend wrote for A.
 */
class DifferentialProxyHttpTest {

  static final String FIRST = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst";
  static final String EVIL = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Evil: 1\r\n\r\nEVIL";
  static final String SECOND = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond";
  static final String A_BODY = "a".repeat(4096);
  static final String B_BODY = "b".repeat(100);

  @TempDir static Path dir;
  static ScriptedBackend raw;
  static TestSpGate sp;
  static int port;

  /** What client A must receive. */
  enum Outcome {
    /** The backend's response: status and body. */
    RELAYED,
    /** spgate's 502 page: nothing of the backend's response had been sent. */
    BAD_GATEWAY,
    /** The response had started: the connection closes before it is complete. */
    CUT
  }

  /** A backend response shape; {@code pauseMs} passes before client B sends. */
  record Shape(String name, Reply reply, Outcome outcome, int status, String body, long pauseMs) {
    @Override
    public String toString() {
      return name;
    }
  }

  enum Kind {
    GET,
    POST_LENGTH,
    POST_CHUNKED;

    String request(String path, String body) {
      String head = (this == GET ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: x\r\n";
      return switch (this) {
        case GET -> head + "Connection: close\r\n\r\n";
        case POST_LENGTH ->
            head + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        case POST_CHUNKED -> {
          int half = body.length() / 2;
          yield head
              + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
              + Integer.toHexString(half)
              + "\r\n"
              + body.substring(0, half)
              + "\r\n"
              + Integer.toHexString(body.length() - half)
              + ";ext=1\r\n"
              + body.substring(half)
              + "\r\n0\r\n\r\n";
        }
      };
    }
  }

  static Shape relayed(String name, Reply reply, int status, String body) {
    return new Shape(name, reply, Outcome.RELAYED, status, body, 0);
  }

  static Shape refused(String name, String bytes) {
    return new Shape(name, Reply.of(bytes), Outcome.BAD_GATEWAY, 502, null, 0);
  }

  static Shape cut(String name, Reply reply) {
    return new Shape(name, reply, Outcome.CUT, 0, null, 0);
  }

  static List<Shape> shapes() {
    return List.of(
        relayed("content-length", Reply.of(FIRST), 200, "first"),
        relayed(
            "103 early hints then 200",
            Reply.of("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + FIRST),
            200,
            "first"),
        relayed("100 then 200", Reply.of("HTTP/1.1 100 Continue\r\n\r\n" + FIRST), 200, "first"),
        relayed(
            "two 1xx then 200",
            Reply.of(
                "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                    + FIRST),
            200,
            "first"),
        refused(
            "two different Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 4\r\n\r\nfirst"),
        relayed(
            "two equal Content-Length",
            Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nfirst"),
            200,
            "first"),
        refused(
            "Transfer-Encoding chunked, identity",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nfirst\r\n0\r\n\r\n"),
        refused(
            "Transfer-Encoding gzip, chunked",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nfirst\r\n0\r\n\r\n"),
        refused(
            "Transfer-Encoding and Content-Length",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                + "5\r\nfirst\r\n0\r\n\r\n"),
        relayed(
            "chunked with extension and trailer",
            Reply.of(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2;x=y\r\nfi\r\n3\r\nrst\r\n0\r\nX-T: 1\r\n\r\n"),
            200,
            "first"),
        cut(
            "chunk size not hex",
            Reply.of(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nfirst\r\n0\r\n\r\n")),
        cut(
            "chunk data longer than its size",
            Reply.of(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nfirst\r\n0\r\n\r\n")),
        relayed("bytes beyond Content-Length", Reply.of(FIRST + EVIL), 200, "first"),
        cut(
            "closed before Content-Length",
            Reply.closing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst")),
        refused("bare LF head", "HTTP/1.1 200 OK\nContent-Length: 5\n\nfirst"),
        refused("bare LF inside head", "HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 5\r\n\r\nfirst"),
        refused("obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 5\r\n\r\nfirst"),
        refused(
            "NUL in a value", "HTTP/1.1 200 OK\r\nX-A: 1\u00002\r\nContent-Length: 5\r\n\r\nfirst"),
        refused(
            "head over 64 KiB",
            "HTTP/1.1 200 OK\r\nX-Big: "
                + "h".repeat(70_000)
                + "\r\nContent-Length: 5\r\n\r\nfirst"),
        new Shape(
            "stray bytes on the idle connection",
            Reply.thenLater(FIRST, 150, EVIL),
            Outcome.RELAYED,
            200,
            "first",
            500),
        relayed(
            "304 with Content-Length",
            Reply.of("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nContent-Length: 5\r\n\r\n"),
            304,
            ""),
        relayed(
            "204 with Content-Length",
            Reply.of("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"),
            204,
            ""),
        refused("101 without an upgrade request", "HTTP/1.1 101 Switching Protocols\r\n\r\n"),
        relayed(
            "headers named in Connection",
            Reply.of(
                "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=5\r\n"
                    + "Content-Length: 5\r\n\r\nfirst"),
            200,
            "first"),
        relayed(
            "body delimited by close",
            Reply.closing("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nfirst"),
            200,
            "first"),
        relayed(
            "HTTP/1.0 response",
            Reply.of("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nfirst"),
            200,
            "first"));
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Shape s : shapes()) {
      for (Kind k : Kind.values()) {
        all.add(Arguments.of(s, k));
      }
    }
    return all.stream();
  }

  @BeforeAll
  static void start() throws Exception {
    raw = new ScriptedBackend();
    sp =
        new TestSpGate(
            Files.createDirectories(dir.resolve("sp")),
            "  - {path: /raw, backend: \"" + raw.url() + "\", auth: none}",
            "proxy: {backendTimeout: 3s}\n");
    port = Integer.parseInt(sp.url("").split(":")[2]);
  }

  @BeforeEach
  void reset() {
    raw.reset();
  }

  @AfterAll
  static void stop() throws Exception {
    sp.close();
    raw.close();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void backendShapeThenFirstClientGetsItsOwnAndNextClientGetsOnlyItsOwn(Shape shape, Kind kind)
      throws Exception {
    raw.then(shape.reply(), Reply.of(SECOND));

    RawClient.Received a = RawClient.exchange(port, kind.request("/raw/a", A_BODY), 6000);
    assertThat(a.timedOut()).as("client A waited for the timeout: " + a.bytes()).isFalse();
    switch (shape.outcome()) {
      case RELAYED -> {
        assertThat(a.responses()).as(a.bytes()).isEqualTo(1);
        assertThat(a.status()).isEqualTo(shape.status());
        assertThat(a.body()).isEqualTo(shape.body());
        assertThat(a.head()).doesNotContainIgnoringCase("x-secret").doesNotContain("Keep-Alive");
        assertThat(a.bytes()).doesNotContain("EVIL").doesNotContain("Early Hints");
      }
      case BAD_GATEWAY -> {
        assertThat(a.responses()).as(a.bytes()).isEqualTo(1);
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).contains("SPG-50");
        // at once, not after proxy.backendTimeout (3 s)
        assertThat(a.millis()).isLessThan(2000);
      }
      case CUT -> {
        // what arrived before the fault may have been relayed; its framing is never complete
        assertThat(a.body()).as(a.bytes()).isNull();
      }
    }
    if (kind != Kind.GET) {
      assertThat(raw.bodies()).first().isEqualTo(A_BODY);
    }

    Thread.sleep(shape.pauseMs());
    RawClient.Received b = RawClient.exchange(port, kind.request("/raw/b", B_BODY), 6000);
    assertThat(b.timedOut()).as("client B waited for the timeout").isFalse();
    assertThat(b.responses()).as(b.bytes()).isEqualTo(1);
    assertThat(b.status()).as(b.bytes()).isEqualTo(200);
    assertThat(b.body()).isEqualTo("second");
    assertThat(b.bytes()).doesNotContain("EVIL").doesNotContain("first");
    assertThat(raw.heads()).hasSize(2);
    assertThat(raw.heads().get(1)).contains("/raw/b");
    if (kind != Kind.GET) {
      assertThat(raw.bodies()).last().isEqualTo(B_BODY);
    }
  }
}
