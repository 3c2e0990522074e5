package org.spgate.server.testing;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A real HTTP backend for tests: records every request it receives (path, raw header octets as
 * latin-1 strings, body octets) and answers 200 with "ok".
 */
public final class RecordingBackend implements AutoCloseable {

  /** One received request. */
  public record Received(
      String method, String uri, Map<String, List<String>> headers, byte[] body) {
    /** All values of {@code name} (case-insensitive). */
    public List<String> all(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return List.of();
    }

    /** The single value of {@code name}, or null. */
    public String get(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  private final Undertow server;
  private final LinkedBlockingDeque<Received> received = new LinkedBlockingDeque<>();
  private final int port;

  public RecordingBackend() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 4 * 1024 * 1024)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024 * 1024)
            .setHandler(
                exchange ->
                    exchange
                        .getRequestReceiver()
                        .receiveFullBytes(
                            (ex, body) -> {
                              Map<String, List<String>> headers = new LinkedHashMap<>();
                              for (HeaderValues values : exchange.getRequestHeaders()) {
                                headers
                                    .computeIfAbsent(
                                        values.getHeaderName().toString(), k -> new ArrayList<>())
                                    .addAll(values);
                              }
                              String query = exchange.getQueryString();
                              received.add(
                                  new Received(
                                      exchange.getRequestMethod().toString(),
                                      exchange.getRequestURI()
                                          + (query.isEmpty() ? "" : "?" + query),
                                      headers,
                                      body));
                              exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                              exchange.getResponseSender().send("ok");
                            }))
            .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** The backend's base URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The oldest request not yet taken, failing if none arrived. */
  public Received take() {
    Received r = received.pollFirst();
    if (r == null) {
      throw new AssertionError("the backend received no request");
    }
    return r;
  }

  /** Forgets every request not yet taken. */
  public void clear() {
    received.clear();
  }

  /** Whether no request is waiting. */
  public boolean isEmpty() {
    return received.isEmpty();
  }

  @Override
  public void close() {
    server.stop();
  }
}
