package org.spgate.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.SpGateChild;

/** {@code kill -HUP} to a real spgate process reloads its configuration file; it keeps running. */
class HangupSignalProcessTest {

  @TempDir Path dir;

  @Test
  void sighupAppliesTheRewrittenFileToTheRunningProcess() throws Exception {
    try (RecordingBackend first = new RecordingBackend();
        RecordingBackend second = new RecordingBackend();
        SpGateChild sp = SpGateChild.start(dir.resolve("sp"), first.url(), "")) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create(sp.url("/x"))).build();
      // Control: before the signal, the rewritten file changes nothing.
      Path config = sp.configFile();
      Files.writeString(config, Files.readString(config).replace(first.url(), second.url()));
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      assertThat(first.take().uri()).isEqualTo("/x");

      sp.hangUp();

      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (second.isEmpty() && System.nanoTime() < until) {
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(200);
        Thread.sleep(50);
      }
      assertThat(second.isEmpty())
          .as("second backend never asked; spgate's log:%n%s", sp.logText())
          .isFalse();
      assertThat(second.take().uri()).isEqualTo("/x");
      assertThat(sp.process.isAlive()).isTrue();
      assertThat(sp.logText()).contains("SIGHUP").contains("configuration reloaded from");
    }
  }

  @Test
  void hangupIgnoredAtStartThenTheLogSaysReloadNeedsARestart() throws Exception {
    try (RecordingBackend backend = new RecordingBackend();
        SpGateChild ignored =
            SpGateChild.startWithHangupIgnored(dir.resolve("nohup"), backend.url(), "");
        SpGateChild handled = SpGateChild.start(dir.resolve("default"), backend.url(), "")) {
      assertThat(awaitLog(ignored, "SIGHUP was ignored when spgate started")).isTrue();
      // Control: started with HUP at its default, spgate reloads on it and warns of nothing.
      handled.hangUp();
      assertThat(awaitLog(handled, "SIGHUP: reloading the configuration")).isTrue();
      assertThat(handled.logText()).doesNotContain("SIGHUP was ignored");
    }
  }

  /** Whether the child's log contains {@code text} within 20 s (signals are set up after start). */
  private static boolean awaitLog(SpGateChild child, String text) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      if (child.logText().contains(text)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
