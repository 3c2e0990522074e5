package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;

/**
 * The graceful stop that SIGTERM runs ({@code SpServer.Running.drainAndStop}, the same code path as
 * the signal), in process: readiness drains first, the listener closes after the drain delay, an
 * upload in flight finishes; beside it the immediate close, which cuts the same upload.
 */
class GracefulShutdownHttpTest {

  private static final int BODY = 2_000_000;

  @TempDir Path dir;

  private TestSpGate start(String shutdownYaml) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve("sp")),
        "  - {path: /, backend: \"BACKEND\", auth: none}",
        shutdownYaml);
  }

  @Test
  void stopDuringUploadThenReadinessDrainsListenerClosesAndUploadCompletes() throws Exception {
    TestSpGate sp = start("shutdown: {drainDelay: 800ms, timeout: 10s}\n");
    try (Socket upload = new Socket("127.0.0.1", sp.port())) {
      assertThat(sp.get("/Shibboleth.sso/Ready").statusCode()).isEqualTo(200);
      assertThat(sp.get("/Shibboleth.sso/Status").body()).contains("\"ok\"");
      OutputStream out = startUpload(upload);
      out.write(new byte[BODY / 2]);
      out.flush();

      CompletableFuture<Boolean> stopped = stopInBackground(sp);
      awaitStatus(sp, "/Shibboleth.sso/Ready", 503);
      assertThat(sp.get("/Shibboleth.sso/Status").body()).contains("\"draining\"");
      // Still served while draining, but the connection is closed after the response.
      var drained = sp.raw("GET", "/app", "Connection: keep-alive");
      assertThat(drained.status()).isEqualTo(200);
      assertThat(drained.head()).containsIgnoringCase("Connection: close");

      Thread.sleep(1_200); // past the drain delay: the listener is closed
      assertThatThrownBy(() -> new Socket("127.0.0.1", sp.port()).close())
          .isInstanceOf(ConnectException.class);

      out.write(new byte[BODY - BODY / 2]);
      out.flush();
      assertThat(statusLine(upload.getInputStream())).startsWith("HTTP/1.1 200");
      assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sp.backend.take().method()).isEqualTo("GET"); // the one sent while draining
      var received = sp.backend.take();
      assertThat(received.method()).isEqualTo("POST");
      assertThat(received.body()).hasSize(BODY);
    } finally {
      sp.close();
    }
  }

  @Test
  void immediateCloseDuringUploadThenUploadIsCut() throws Exception {
    TestSpGate sp = start("");
    try (Socket upload = new Socket("127.0.0.1", sp.port())) {
      OutputStream out = startUpload(upload);
      out.write(new byte[BODY / 2]);
      out.flush();
      Thread.sleep(200);
      sp.close();
      assertThatThrownBy(
              () -> {
                out.write(new byte[BODY - BODY / 2]);
                out.flush();
                String status = statusLine(upload.getInputStream());
                assertThat(status).startsWith("HTTP/1.1 200");
              })
          .isInstanceOfAny(IOException.class, AssertionError.class);
    }
  }

  @Test
  void uploadLongerThanShutdownTimeoutThenCutAndStopSaysSo() throws Exception {
    TestSpGate sp = start("shutdown: {timeout: 1s}\n");
    try (Socket upload = new Socket("127.0.0.1", sp.port())) {
      OutputStream out = startUpload(upload);
      out.write(new byte[1000]);
      out.flush();
      Thread.sleep(200);
      long started = System.nanoTime();
      assertThat(sp.server().drainAndStop()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    } finally {
      sp.close();
    }
  }

  private static OutputStream startUpload(Socket socket) throws IOException {
    socket.setSoTimeout(15_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: "
                + BODY
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  private static CompletableFuture<Boolean> stopInBackground(TestSpGate sp) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return sp.server().drainAndStop();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static void awaitStatus(TestSpGate sp, String path, int status) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int last = -1;
    while (System.nanoTime() < until) {
      last = sp.get(path).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(20);
    }
    assertThat(last).as(path).isEqualTo(status);
  }

  static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\r') {
      line.append((char) b);
    }
    return line.toString();
  }
}
