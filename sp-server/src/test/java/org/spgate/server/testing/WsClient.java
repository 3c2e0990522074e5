package org.spgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's {@link WebSocket}) that collects whole messages in order: text
 * as {@code String}, binary as {@code byte[]}; how the socket ended ({@code close 4000 bye} or
 * {@code error ...}) completes {@link #ended}.
 */
public final class WsClient implements WebSocket.Listener {

  public final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  public final CompletableFuture<String> ended = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private WebSocket socket;

  /** Opens {@code url} (ws://…) with extra headers (name, value pairs). */
  public static WsClient open(String url, String... headers) throws Exception {
    WsClient client = new WsClient();
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    client.socket = builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
    return client;
  }

  public WebSocket socket() {
    return socket;
  }

  /** Sends {@code s} and waits for the send to complete. */
  public void send(String s) throws Exception {
    socket.sendText(s, true).get(10, TimeUnit.SECONDS);
  }

  public void send(byte[] b) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(b), true).get(30, TimeUnit.SECONDS);
  }

  /** The next whole message, waiting up to 10 s. */
  public Object next() throws InterruptedException {
    Object m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message within 10 s; ended: " + ended.getNow("no"));
    }
    return m;
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      messages.add(text.toString());
      text.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    binary.writeBytes(b);
    if (last) {
      messages.add(binary.toByteArray());
      binary.reset();
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
    ended.complete("close " + status + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    ended.complete("error " + error);
  }
}
