package org.spgate.server.limits;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;

/**
 * Puts an endpoint that costs CPU per request (a login start signs a request and stores state; the
 * assertion consumer verifies a signature and may decrypt) behind a per-address {@link
 * AddressBuckets}, on the I/O thread before any of that work. A refused request gets a 429 page
 * with {@code Retry-After}; one log line is written per address when it starts being refused, not
 * one per request.
 */
public final class LoginRateHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.refused");

  private final AddressBuckets limiter;
  private final int perMinute;
  private final HttpHandler next;
  private final LongAdder refused = new LongAdder();

  public LoginRateHandler(AddressBuckets limiter, int perMinute, HttpHandler next) {
    this.limiter = limiter;
    this.perMinute = perMinute;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    InetSocketAddress source = exchange.getSourceAddress();
    String address =
        source == null || source.getAddress() == null
            ? String.valueOf(source)
            : source.getAddress().getHostAddress();
    AddressBuckets.Decision d = limiter.tryTake(address);
    if (d.allowed()) {
      next.handleRequest(exchange);
      return;
    }
    refused.increment();
    String id = CorrelationHandler.idOf(exchange);
    if (d.firstRefusal()) {
      LOG.warn(
          "limits {} [{}] {} from {}: more than limits.loginsPerMinutePerAddress ({}) login"
              + " requests; refusing this address's further ones with 429 until it slows down",
          Reason.TOO_MANY_REQUESTS.code(),
          id,
          Reason.TOO_MANY_REQUESTS,
          address,
          perMinute);
    }
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
    ErrorPages.render(exchange, Reason.TOO_MANY_REQUESTS, id);
  }

  /** Requests refused since start. */
  public long refused() {
    return refused.sum();
  }

  @Override
  public String toString() {
    return "login-rate(" + next + ")";
  }
}
