package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.WebSocketBackend;
import org.spgate.server.testing.WsClient;

/**
 * WebSockets when spgate stops gracefully ({@code drainAndStop}, what SIGTERM runs): each side gets
 * a close frame with status 1001 ("going away", RFC 6455 7.4.1) — never inside a frame that is
 * being relayed — and the stop waits for both sides to close, up to {@code shutdown.timeout}. Exact
 * bytes are checked with a scripted backend and a raw client.
 */
class WebSocketShutdownHttpTest {

  private static final byte[] CLOSE_1001 = {(byte) 0x88, 2, 0x03, (byte) 0xE9};

  @TempDir Path dir;

  private TestSpGate start(String backendUrl, String shutdownYaml) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve("sp")),
        "  - {path: /ws, backend: \""
            + backendUrl
            + "\", auth: none, upgrade: [websocket]}\n"
            + "  - {path: /, backend: \"BACKEND\", auth: none}",
        shutdownYaml);
  }

  @Test
  void stopThenClientGetsGoingAwayAndBackendClosesAndStopFinishesInTime() throws Exception {
    try (WebSocketBackend backend = new WebSocketBackend()) {
      TestSpGate sp = start(backend.url(), "shutdown: {timeout: 10s}\n");
      try {
        WsClient client = WsClient.open(sp.url("/ws/echo").replace("http://", "ws://"));
        client.send("before the stop");
        assertThat(client.next()).isEqualTo("before the stop"); // the tunnel relays

        long started = System.nanoTime();
        CompletableFuture<Boolean> stopped = stopInBackground(sp);

        assertThat(client.ended.get(5, TimeUnit.SECONDS)).isEqualTo("close 1001 ");
        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        awaitClosedSockets(backend, 1);
      } finally {
        sp.close();
      }
    }
  }

  @Test
  void stopDuringAFrameThenTheFrameIsFinishedBeforeTheCloseFrame() throws Exception {
    try (HalfFrameBackend backend = new HalfFrameBackend()) {
      TestSpGate sp = start(backend.url(), "shutdown: {timeout: 10s}\n");
      try (Socket client = new Socket("127.0.0.1", sp.port())) {
        client.setSoTimeout(10_000);
        InputStream in = upgrade(client);
        byte[] firstHalf = in.readNBytes(7); // header (2) + 5 of the 10 payload bytes
        assertThat(firstHalf).containsExactly(0x82, 10, 'h', 'e', 'l', 'l', 'o');

        CompletableFuture<Boolean> stopped = stopInBackground(sp);
        byte[] toBackend = backend.closeFrame.get(5, TimeUnit.SECONDS);
        backend.sendRest.countDown();

        // The rest of the frame, then exactly the close frame, then the end of the stream.
        assertThat(in.readNBytes(5)).containsExactly('w', 'o', 'r', 'l', 'd');
        assertThat(in.readNBytes(4)).containsExactly(CLOSE_1001);
        assertThat(in.read()).isEqualTo(-1);
        client.close(); // the client's side of the closing handshake
        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();

        // To the backend: a masked close frame (spgate is its client) carrying 1001.
        assertThat(toBackend[0]).isEqualTo((byte) 0x88);
        assertThat(toBackend[1]).isEqualTo((byte) 0x82);
        int status =
            ((toBackend[6] ^ toBackend[2]) & 0xff) << 8 | ((toBackend[7] ^ toBackend[3]) & 0xff);
        assertThat(status).isEqualTo(1001);
      } finally {
        sp.close();
      }
    }
  }

  @Test
  void clientThatNeverClosesThenCutAtShutdownTimeoutAndStopSaysSo() throws Exception {
    try (HalfFrameBackend backend = new HalfFrameBackend()) {
      TestSpGate sp = start(backend.url(), "shutdown: {timeout: 1s}\n");
      try (Socket client = new Socket("127.0.0.1", sp.port())) {
        client.setSoTimeout(10_000);
        InputStream in = upgrade(client);
        in.readNBytes(7);
        long started = System.nanoTime();
        // The backend never finishes its frame, so no close frame can be sent; the stop waits
        // for shutdown.timeout, then cuts the connection.
        assertThat(sp.server().drainAndStop()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
          in.transferTo(rest);
        } catch (IOException reset) {
          // cut: a reset is as good as an end of stream here
        }
        assertThat(rest.toByteArray()).isEmpty(); // no close frame inside the unfinished frame
      } finally {
        backend.sendRest.countDown();
        sp.close();
      }
    }
  }

  private static InputStream upgrade(Socket client) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(
        ("GET /ws/half HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = client.getInputStream();
    String head = readHead(in);
    assertThat(head).startsWith("HTTP/1.1 101");
    return in;
  }

  private static String readHead(InputStream in) throws IOException {
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

  private static void awaitClosedSockets(WebSocketBackend backend, int n) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (backend.closedSockets() < n && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(backend.closedSockets()).isEqualTo(n);
  }

  /**
   * A scripted WebSocket backend: answers 101, sends the first half of a 10-byte binary frame, then
   * records the first frame it receives (spgate's close frame) and sends the second half once the
   * test says so; then reads until spgate closes.
   */
  private static final class HalfFrameBackend implements AutoCloseable {
    final ServerSocket server;
    final CompletableFuture<byte[]> closeFrame = new CompletableFuture<>();
    final CountDownLatch sendRest = new CountDownLatch(1);

    HalfFrameBackend() throws IOException {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::serveOne, "half-frame-backend");
      t.setDaemon(true);
      t.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serveOne() {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        readHead(in);
        out.write(
            ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {(byte) 0x82, 10, 'h', 'e', 'l', 'l', 'o'});
        out.flush();
        byte[] frame = in.readNBytes(8);
        closeFrame.complete(Arrays.copyOf(frame, frame.length));
        sendRest.await();
        out.write(new byte[] {'w', 'o', 'r', 'l', 'd'});
        out.flush();
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException | InterruptedException e) {
        closeFrame.completeExceptionally(e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
