package org.spgate.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

/**
 * The WebSocket backend of {@code bench/run.sh}: Undertow's RFC 6455 implementation echoing every
 * text message, on 127.0.0.1.
 *
 * <pre>java -cp benchmarks.jar org.spgate.bench.WsEchoBackend PORT</pre>
 */
public final class WsEchoBackend {

  private WsEchoBackend() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setHandler(
            Handlers.websocket(
                (exchange, channel) -> {
                  channel
                      .getReceiveSetter()
                      .set(
                          new AbstractReceiveListener() {
                            @Override
                            protected void onFullTextMessage(
                                WebSocketChannel ch, BufferedTextMessage message) {
                              WebSockets.sendText(message.getData(), ch, null);
                            }
                          });
                  channel.resumeReceives();
                }))
        .build()
        .start();
  }
}
