package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.SpGateChild;

/**
 * SIGTERM to a real spgate process: an upload in flight finishes and the process exits 0; a second
 * SIGTERM during a long drain exits at once.
 */
class SignalsProcessTest {

  @TempDir Path dir;

  @Test
  void sigtermDuringUploadThenUploadFinishesAndProcessExitsZero() throws Exception {
    int body = 1_000_000;
    try (RecordingBackend backend = new RecordingBackend();
        SpGateChild sp =
            SpGateChild.start(
                dir.resolve("sp"), backend.url(), "shutdown: {drainDelay: 300ms, timeout: 20s}");
        Socket upload = new Socket("127.0.0.1", sp.port)) {
      upload.setSoTimeout(20_000);
      OutputStream out = upload.getOutputStream();
      out.write(
          ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + body + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[body / 2]);
      out.flush();
      Thread.sleep(300);

      sp.terminate();
      Thread.sleep(1_000); // the drain delay has passed; the listener is closed
      assertThat(sp.process.isAlive()).isTrue();
      out.write(new byte[body - body / 2]);
      out.flush();

      assertThat(GracefulShutdownHttpTest.statusLine(upload.getInputStream()))
          .startsWith("HTTP/1.1 200");
      assertThat(sp.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(sp.process.exitValue()).isZero();
      assertThat(backend.take().body()).hasSize(body);
      assertThat(sp.logText()).contains("every request in flight finished");
    }
  }

  @Test
  void secondSigtermDuringDrainThenExitsAtOnce() throws Exception {
    try (RecordingBackend backend = new RecordingBackend();
        SpGateChild sp =
            SpGateChild.start(
                dir.resolve("sp"), backend.url(), "shutdown: {drainDelay: 60s, timeout: 60s}")) {
      HttpClient client = HttpClient.newHttpClient();
      sp.terminate();
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int ready = 200;
      while (ready != 503 && System.nanoTime() < until) {
        ready =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(sp.url("/Shibboleth.sso/Ready"))).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      }
      assertThat(ready).isEqualTo(503);
      // Draining for a minute: still up after a moment...
      assertThat(sp.process.waitFor(500, TimeUnit.MILLISECONDS)).isFalse();
      // ...until the second signal.
      long second = System.nanoTime();
      sp.terminate();
      assertThat(sp.process.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofSeconds(5));
      assertThat(sp.process.exitValue()).isEqualTo(1);
      assertThat(sp.logText()).contains("second SIGTERM");
    }
  }
}
