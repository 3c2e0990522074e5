package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.server.http.ErrorPages;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One client request on its way through {@link DirectForwarder}: the serialised request head, the
 * backend connection serving it, the deadline ({@code proxy.timeout} for the whole exchange, as
 * Undertow's {@code maxRequestTime}) and whether the one retry was used. Touched only on the
 * exchange's I/O thread.
 */
final class Forward {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("spgate.refused");

  final HttpServerExchange exchange;
  final ByteBuffer request;
  private final DirectForwarder forwarder;
  private final XnioExecutor.Key deadline;
  @Nullable BackendConnection connection;

  /** Whether the backend's status and headers were set on the exchange. */
  boolean committed;

  private boolean retried;
  private boolean done;

  Forward(
      HttpServerExchange exchange, ByteBuffer request, DirectForwarder forwarder, long timeoutMs) {
    this.exchange = exchange;
    this.request = request;
    this.forwarder = forwarder;
    this.deadline =
        exchange.getIoThread().executeAfter(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
  }

  boolean isHead() {
    return exchange.getRequestMethod().equals(Methods.HEAD);
  }

  boolean isDone() {
    return done;
  }

  /** Whether resending is safe: a safe method (RFC 9110 9.2.1) not yet retried. */
  boolean retryable() {
    return !retried && !done && forwarder.isSafe(exchange.getRequestMethod());
  }

  /** Resends the request once on a fresh connection. */
  void retry() {
    retried = true;
    connection = null;
    forwarder.open(this);
  }

  /** The response was relayed completely (or the client went away): stop the clock. */
  void done() {
    done = true;
    connection = null;
    deadline.remove();
  }

  /** The backend failed before a response could be relayed: spgate's 502 page. */
  void fail(String detail) {
    if (done) {
      return;
    }
    done();
    String id = BackendProxy.logFailure(exchange, detail);
    if (committed || exchange.isResponseStarted()) {
      IoUtils.safeClose(exchange.getConnection());
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().clear();
    ErrorPages.render(exchange, Reason.BACKEND_UNAVAILABLE, id);
  }

  /** The response started and cannot be completed: the client connection is closed. */
  void clientLost(IOException e) {
    if (done) {
      return;
    }
    done();
    LOG.debug("proxied response to {} cut off: {}", exchange.getRequestPath(), e.getMessage());
    IoUtils.safeClose(exchange.getConnection());
    exchange.endExchange();
  }

  private void timedOut() {
    if (done) {
      return;
    }
    BackendConnection c = connection;
    if (c != null) {
      c.close();
    }
    if (committed || exchange.isResponseStarted()) {
      clientLost(new IOException("proxy.timeout"));
    } else {
      fail("no response within proxy.timeout");
    }
  }
}
