package org.spgate.server.testing;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket backend (Undertow's RFC 6455 implementation): echoes every text and binary
 * message, answers the text {@code close-me} with a close frame {@code 4000 "bye"}, refuses
 * requests under {@code /deny} with 403, answers plain (non-upgrade) requests with 200 {@code
 * plain}. Records the head of every request it receives and counts closed sockets. A tagged one
 * prefixes each text echo with its tag and a colon, so that a test sees which backend answered.
 */
public final class WebSocketBackend implements AutoCloseable {

  /** Request headers as received (names case-insensitive). */
  public record Seen(String path, Map<String, List<String>> headers) {
    public List<String> all(String name) {
      return headers.getOrDefault(name, List.of());
    }
  }

  private final Undertow server;
  private final LinkedBlockingDeque<Seen> seen = new LinkedBlockingDeque<>();
  private final AtomicInteger closed = new AtomicInteger();
  private final int port;

  public WebSocketBackend() {
    this("");
  }

  /** A backend whose text echoes start with {@code tag:} (none when {@code tag} is empty). */
  public WebSocketBackend(String tag) {
    var websocket =
        Handlers.websocket(
            (exchange, channel) -> {
              channel.addCloseTask(c -> closed.incrementAndGet());
              channel.getReceiveSetter().set(new Echo(tag.isEmpty() ? "" : tag + ":"));
              channel.resumeReceives();
            });
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange -> {
                  Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                  exchange
                      .getRequestHeaders()
                      .forEach(
                          v ->
                              headers
                                  .computeIfAbsent(
                                      v.getHeaderName().toString(), k -> new ArrayList<>())
                                  .addAll(v));
                  seen.add(new Seen(exchange.getRequestPath(), headers));
                  if (exchange.getRequestPath().contains("/deny")) {
                    exchange.setStatusCode(403);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("denied by backend");
                    return;
                  }
                  if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
                    websocket.handleRequest(exchange);
                  } else {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("plain");
                  }
                })
            .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static final class Echo extends AbstractReceiveListener {
    private final String prefix;

    Echo(String prefix) {
      this.prefix = prefix;
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
      String text = message.getData();
      if (text.equals("close-me")) {
        WebSockets.sendClose(4000, "bye", channel, null);
      } else {
        WebSockets.sendText(prefix + text, channel, null);
      }
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      var data = message.getData();
      ByteBuffer[] buffers = data.getResource();
      int size = 0;
      for (ByteBuffer b : buffers) {
        size += b.remaining();
      }
      ByteBuffer copy = ByteBuffer.allocate(size);
      for (ByteBuffer b : buffers) {
        copy.put(b);
      }
      data.free();
      WebSockets.sendBinary(copy.flip(), channel, null);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Requests received so far, oldest first. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** WebSocket connections the backend has seen closed. */
  public int closedSockets() {
    return closed.get();
  }

  public void clear() {
    seen.clear();
  }

  @Override
  public void close() {
    server.stop();
  }
}
