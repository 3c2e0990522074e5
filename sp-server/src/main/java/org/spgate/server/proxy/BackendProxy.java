package org.spgate.server.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.URI;
import java.time.Duration;
import org.spgate.core.check.Reason;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Forwards a cleaned request to one backend with Undertow's non-blocking proxy handler. A backend
 * that is down or does not answer in time gets a 502 page; the session is untouched.
 */
public final class BackendProxy implements HttpHandler {

  private final URI backend;
  private final ProxyHandler proxy;

  public BackendProxy(URI backend, Duration timeout, int connectionsPerThread) {
    this.backend = backend;
    LoadBalancingProxyClient client = new LoadBalancingProxyClient()
        .setConnectionsPerThread(connectionsPerThread)
        .setMaxQueueSize(1024)
        .setProblemServerRetry(1)
        .setTtl(-1);
    // Nagle's algorithm holds back the second segment of a request whose headers span two
    // writes (large identity headers) until the backend's delayed ACK: ~40 ms per request.
    client.addHost(backend, null, null, OptionMap.create(Options.TCP_NODELAY, true));
    this.proxy = ProxyHandler.builder()
        .setProxyClient(client)
        .setMaxRequestTime((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .setRewriteHostHeader(false)
        .setReuseXForwarded(false)
        .setMaxConnectionRetries(1)
        .setNext(ResponseCodeHandler.HANDLE_404)
        .build();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.addDefaultResponseListener(BackendProxy::backendFailed);
    proxy.handleRequest(exchange);
  }

  /** Undertow ends a failed proxy exchange with an empty 503/504; render our 502 page then. */
  private static boolean backendFailed(HttpServerExchange exchange) {
    int status = exchange.getStatusCode();
    if (exchange.isResponseStarted() || (status != 503 && status != 504 && status != 500)) {
      return false;
    }
    ErrorPages.render(exchange, Reason.BACKEND_UNAVAILABLE, CorrelationHandler.idOf(exchange));
    return true;
  }

  @Override
  public String toString() {
    return "proxy(" + backend + ")";
  }
}
