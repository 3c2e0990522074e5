package org.spgate.server.testing;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.Options;

/**
 * A real HTTP backend on a fixed loopback port that a test can stop and start again, as a backend
 * restart or outage looks to spgate: while stopped, connections to the port are refused. It counts
 * the requests it answered.
 */
public final class RestartableBackend implements AutoCloseable {

  private final int port;
  private final AtomicInteger requests = new AtomicInteger();
  private Undertow server;

  public RestartableBackend() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    start();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Requests answered since it was created, across restarts. */
  public int requests() {
    return requests.get();
  }

  /** Starts listening (again) on the port. */
  public synchronized void start() {
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setSocketOption(Options.REUSE_ADDRESSES, true)
            .setIoThreads(1)
            .setHandler(
                exchange -> {
                  requests.incrementAndGet();
                  exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                  exchange.getResponseSender().send("ok");
                })
            .build();
    server.start();
  }

  /** Stops listening and closes its connections: connects are refused until {@link #start}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
