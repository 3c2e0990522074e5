package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.spgate.core.metadata.remote.RemoteMetadataSource;
import org.spgate.core.session.SessionStore;
import org.spgate.server.proxy.health.BackendHealth;

/**
 * {@code {handlerPath}/Status}: a health check on a fixed path; no header changes its answer. While
 * spgate drains before stopping it answers 503 {@code "draining"}, like {@link ReadyHandler}, so
 * that balancers checking this path also move away in time.
 *
 * <p>The page is public, like the endpoint itself (health checks call it without a session): it
 * names what the configuration already makes observable (the session store without password, the
 * remote metadata URLs, the routes' backend URLs, which carry no user info or query) and states,
 * never users, sessions' contents, failure messages or error details of a backend. A backend that
 * is down does not turn {@code status} from {@code ok}: spgate itself still serves, and a health
 * check restarting it would not bring the backend back.
 */
public final class StatusHandler implements HttpHandler {

  private final SessionStore store;
  private final BooleanSupplier draining;
  private final Supplier<List<RemoteMetadataSource.Status>> metadata;
  private final Supplier<List<BackendHealth>> backends;

  public StatusHandler(SessionStore store, BooleanSupplier draining) {
    this(store, draining, List::of, List::of);
  }

  /**
   * With the remote metadata sources, each shown with its age, last success and last error, and the
   * routes' backends, each with its state from the passive health ({@code up}, {@code down} until a
   * time, {@code probing}).
   */
  public StatusHandler(
      SessionStore store,
      BooleanSupplier draining,
      Supplier<List<RemoteMetadataSource.Status>> metadata,
      Supplier<List<BackendHealth>> backends) {
    this.store = store;
    this.draining = draining;
    this.metadata = metadata;
    this.backends = backends;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    boolean leaving = draining.getAsBoolean();
    exchange.setStatusCode(leaving ? 503 : 200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange
        .getResponseSender()
        .send(
            "{\"status\":\""
                + (leaving ? "draining" : store.isConnected() ? "ok" : "degraded")
                + "\",\"sessions\":"
                + store.size()
                + ",\"store\":\""
                + store.describe().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"storeConnected\":"
                + store.isConnected()
                + metadataJson()
                + backendsJson()
                + "}\n");
  }

  /** Each backend of the running routes once, in route order, with its state. */
  private String backendsJson() {
    List<BackendHealth> list = backends.get();
    if (list.isEmpty()) {
      return "";
    }
    long nanos = System.nanoTime();
    Instant now = Instant.now();
    StringBuilder out = new StringBuilder(",\"backends\":[");
    for (BackendHealth b : list) {
      if (out.charAt(out.length() - 1) == '}') {
        out.append(',');
      }
      BackendHealth.State state = b.state(nanos);
      out.append("{\"url\":")
          .append(json(b.backend()))
          .append(",\"state\":")
          .append(json(state.name()));
      if (state.name().equals("down")) {
        Instant until = now.plusNanos(state.downForNanos()).truncatedTo(ChronoUnit.SECONDS);
        out.append(",\"downUntil\":").append(json(until.plusSeconds(1)));
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  private String metadataJson() {
    List<RemoteMetadataSource.Status> sources = metadata.get();
    if (sources.isEmpty()) {
      return "";
    }
    Instant now = Instant.now();
    StringBuilder out = new StringBuilder(",\"metadata\":[");
    for (RemoteMetadataSource.Status s : sources) {
      if (out.charAt(out.length() - 1) == '}') {
        out.append(',');
      }
      out.append("{\"url\":")
          .append(json(s.url()))
          .append(",\"origin\":")
          .append(json(s.origin()))
          .append(",\"ageSeconds\":")
          .append(s.loadedAt() == null ? "null" : Duration.between(s.loadedAt(), now).toSeconds())
          .append(",\"idps\":")
          .append(s.idps())
          .append(",\"lastSuccess\":")
          .append(json(s.lastSuccess()))
          .append(",\"lastAttempt\":")
          .append(json(s.lastAttempt()))
          .append(",\"lastError\":")
          .append(json(s.lastError()))
          .append(",\"nextRefresh\":")
          .append(json(s.nextRefresh()))
          .append('}');
    }
    return out.append(']').toString();
  }

  private static String json(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toString().toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return "status";
  }
}
