package org.spgate.server.metrics;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;

/**
 * The metrics endpoint on a listener of its own ({@code metrics.listen}): {@code GET /metrics}
 * answers the Prometheus text format; every other path is 404, every other method 405. It has one
 * I/O thread and one worker (a scrape runs on the worker), apart from the main server's threads, so
 * a scrape never takes an I/O thread from proxied requests, and the main listener has no metrics
 * path that a browser could reach: the metrics are for the operator's network, chosen by the
 * address this listener binds to.
 */
public final class MetricsListener implements AutoCloseable {

  /** The Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Undertow undertow;

  private MetricsListener(Undertow undertow) {
    this.undertow = undertow;
  }

  /** Binds {@code address} and serves {@code metrics} there. */
  public static MetricsListener start(InetSocketAddress address, Metrics metrics) {
    Undertow undertow =
        Undertow.builder()
            .setIoThreads(1)
            .setWorkerThreads(1)
            .addHttpListener(address.getPort(), address.getAddress().getHostAddress())
            .setHandler(handler(metrics))
            .build();
    undertow.start();
    return new MetricsListener(undertow);
  }

  private static HttpHandler handler(Metrics metrics) {
    return exchange -> {
      if (!"/metrics".equals(exchange.getRequestPath())) {
        answer(exchange, StatusCodes.NOT_FOUND, "not found: the metrics are at /metrics\n");
        return;
      }
      if (!exchange.getRequestMethod().equals(Methods.GET)
          && !exchange.getRequestMethod().equals(Methods.HEAD)) {
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
        answer(exchange, StatusCodes.METHOD_NOT_ALLOWED, "only GET\n");
        return;
      }
      if (exchange.isInIoThread()) {
        exchange.dispatch(() -> scrape(exchange, metrics));
        return;
      }
      scrape(exchange, metrics);
    };
  }

  private static void scrape(HttpServerExchange exchange, Metrics metrics) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(metrics.scrape());
  }

  private static void answer(HttpServerExchange exchange, int status, String text) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send(text);
  }

  /** The bound port (the configured one, or the one picked for port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
