package org.spgate.server.proxy.direct;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.server.proxy.health.BackendGroup;

/**
 * The engine of a route with several backends ({@code routes[i].backends}): the request goes to the
 * engine of the backend its {@link BackendGroup} chose, and a connect that fails moves it to the
 * next backend that is up ({@link #failover}). Each backend keeps its own {@link DirectForwarder}:
 * its connection pool and its cap of {@code proxy.connectionsPerBackend}.
 *
 * <p>Only a request none of whose bytes left spgate moves: a connect that failed or timed out. A
 * request whose head (or body) reached a backend is never sent to another one, whatever happens to
 * that backend: the request may not be idempotent (a POST), and the backend may have acted on it.
 */
public final class BackendSet implements HttpHandler {

  private final BackendGroup group;
  private final List<DirectForwarder> engines;

  private BackendSet(BackendGroup group, List<DirectForwarder> engines) {
    this.group = group;
    this.engines = List.copyOf(engines);
  }

  /**
   * The engine for the backends of {@code group}, whose engines are {@code engines} in the same
   * order: the one engine itself for a single backend.
   */
  public static HttpHandler of(BackendGroup group, List<DirectForwarder> engines) {
    if (engines.size() != group.size()) {
      throw new IllegalArgumentException(engines.size() + " engines for " + group);
    }
    return engines.size() == 1 ? engines.get(0) : new BackendSet(group, engines);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    engines.get(BackendGroup.chosen(exchange)).forward(exchange, this);
  }

  /** The engine of the next backend for {@code f}, whose connect failed; null if none is left. */
  @Nullable DirectForwarder failover(Forward f) {
    int current = BackendGroup.chosen(f.exchange);
    if (f.firstBackend < 0) {
      f.firstBackend = current;
    }
    int next = group.failover(f.exchange, f.firstBackend, current);
    return next < 0 ? null : engines.get(next);
  }

  @Override
  public String toString() {
    return "direct" + engines.size();
  }
}
