package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/** Request bodies through the proxy, up to and beyond {@code proxy.maxRequestBody}. */
class UploadHttpTest {

  static final int MIB = 1024 * 1024;

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: none}",
            "proxy: {maxRequestBody: 6MiB}\n");
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  private static byte[] body(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      ints = {1024, 70_000, 1024 * 1024, 5 * 1024 * 1024})
  void proxyWhenBodyIsUpTo5MibThenReachesBackendIntact(int size) throws Exception {
    byte[] sent = body(size);
    HttpResponse<String> response =
        sp.send(
            sp.request("/upload")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body().length).isEqualTo(sent.length);
    assertThat(Arrays.equals(received.body(), sent)).isTrue();
  }

  @Test
  void proxyWhenBodyExceedsMaxRequestBodyThenRefusedWith413() throws Exception {
    HttpResponse<String> response =
        sp.send(
            sp.request("/upload")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(7 * MIB)))
                .build());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("SPG-43").contains("Correlation id");
    assertThat(sp.backend.isEmpty()).isTrue();

    // The refused body was drained, never forwarded: the next request is parsed cleanly.
    HttpResponse<String> next =
        sp.send(
            sp.request("/upload").POST(HttpRequest.BodyPublishers.ofByteArray(body(1024))).build());
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().body()).hasSize(1024);
  }

  @Test
  void proxyWhenChunkedBodyExceedsMaxRequestBodyThenNotForwardedWhole() throws Exception {
    byte[] sent = body(7 * MIB);
    int status;
    try {
      status =
          sp.send(
                  sp.request("/upload")
                      .POST(
                          HttpRequest.BodyPublishers.fromPublisher(
                              HttpRequest.BodyPublishers.ofByteArray(sent)))
                      .build())
              .statusCode();
    } catch (java.io.IOException e) {
      status = -1; // spgate closed the connection while the body was still being sent
    }
    assertThat(status).isNotEqualTo(200);
    RecordingBackend.Received received = sp.backend.isEmpty() ? null : sp.backend.take();
    if (received != null) {
      assertThat(received.body().length).isLessThan(sent.length);
    }
  }
}
