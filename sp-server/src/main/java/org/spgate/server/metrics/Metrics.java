package org.spgate.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.SessionStore;

/**
 * The one facade of spgate's meters. Every instrumentation point is a single call here; with
 * metrics off ({@link #off}) each call returns at once and wrappers are not installed, so an
 * unobserved server pays nothing. Meters are created up front or once per tag value (the refusal
 * counters per {@link Reason}, the route meters per route), so a recording is a counter increment
 * or a timer sample: no lookup by name, no lock, nothing that waits, on any thread.
 *
 * <p>Tags are closed vocabularies: {@link Reason} names, configured route paths, IdP entityIDs from
 * the trusted metadata (an issuer the metadata does not list is tagged {@code unknown}, so a forged
 * message cannot create series), never raw request paths or user data.
 */
public final class Metrics implements AutoCloseable {

  /** The tag value for an IdP that is not (or not yet) known. */
  public static final String UNKNOWN_IDP = "unknown";

  private static final Metrics OFF = new Metrics(null, Clock.systemUTC());
  private static final AttachmentKey<Metrics> KEY = AttachmentKey.create(Metrics.class);

  /** Latency buckets of the proxy histogram (seconds: 5 ms to 10 s). */
  private static final Duration[] PROXY_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private final @Nullable PrometheusMeterRegistry registry;
  private final Clock clock;
  private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);
  private final Map<String, Counter> logins = new ConcurrentHashMap<>();
  private final @Nullable JvmGcMetrics gc;
  private volatile Predicate<String> knownIdp = id -> false;

  private Metrics(@Nullable PrometheusMeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    if (registry == null) {
      this.gc = null;
      return;
    }
    for (Reason reason : Reason.values()) {
      refusals.put(
          reason,
          Counter.builder("spgate.refusals")
              .description("Requests refused with an error page, by reason")
              .tag("reason", reason.name())
              .tag("code", reason.code())
              .register(registry));
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
  }

  /** Metrics switched off: every call is a no-op. */
  public static Metrics off() {
    return OFF;
  }

  /** Metrics recorded into a Prometheus registry, with the JVM's memory, GC and threads. */
  public static Metrics prometheus(Clock clock) {
    return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
  }

  /** Whether anything is recorded. */
  public boolean enabled() {
    return registry != null;
  }

  /**
   * Which entityIDs are trusted IdPs: the only values the {@code idp} tag takes besides unknown.
   * Asked at each login, so IdPs that a metadata refresh adds later are tagged by name too.
   */
  public void knownIdps(Predicate<String> trusted) {
    knownIdp = trusted;
  }

  // --- logins and refusals -----------------------------------------------------------------

  /** A login completed: a session was created for a user of {@code idp}. */
  public void loginSucceeded(String idp) {
    login(idp, "success");
  }

  /**
   * A refusal page was sent for {@code reason}; a sign-in failure (reasons numbered below 40) is
   * also a failed login of {@code idp} (the issuer, when it was read before the refusal; else
   * null).
   */
  public void refused(Reason reason, @Nullable String idp) {
    if (registry == null) {
      return;
    }
    refusals.get(reason).increment();
    if (reason.number() < 40) {
      login(idp == null ? UNKNOWN_IDP : idp, reason.name());
    }
  }

  private void login(String idp, String result) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String tag = knownIdp.test(idp) ? idp : UNKNOWN_IDP;
    logins
        .computeIfAbsent(
            tag + ' ' + result,
            k ->
                Counter.builder("spgate.logins")
                    .description("Logins by IdP and result (success, or the refusal's reason)")
                    .tag("idp", tag)
                    .tag("result", result)
                    .register(r))
        .increment();
  }

  // --- proxy ---------------------------------------------------------------------------------

  /**
   * {@code proxy} with the latency histogram and failure counters of {@code route} (tagged with the
   * route's configured host and path); {@code proxy} itself when metrics are off.
   */
  public HttpHandler route(RouteConfig route, HttpHandler proxy) {
    MeterRegistry r = registry;
    if (r == null) {
      return proxy;
    }
    String name = routeName(route);
    Timer latency =
        Timer.builder("spgate.proxy.requests")
            .description("Proxied requests, from routing to the response's end, by route")
            .tag("route", name)
            .serviceLevelObjectives(PROXY_BUCKETS)
            .register(r);
    Counter errors = backendFailures(r, name, "error");
    Counter timeouts = backendFailures(r, name, "timeout");
    return new RouteMeters(latency, errors, timeouts, proxy);
  }

  private static Counter backendFailures(MeterRegistry r, String route, String kind) {
    return Counter.builder("spgate.backend.failures")
        .description("Backend failures answered with 502/503, by route and kind")
        .tag("route", route)
        .tag("kind", kind)
        .register(r);
  }

  /** The route's tag: its path, prefixed with its host for host routes. */
  public static String routeName(RouteConfig route) {
    return route.host() == null ? route.path() : route.host() + route.path();
  }

  /** Counts a failure of the backend of {@code exchange}'s route (no-op off a metered route). */
  public static void backendFailed(HttpServerExchange exchange, String detail) {
    RouteMeters meters = exchange.getAttachment(RouteMeters.KEY);
    if (meters != null) {
      meters.failed(detail);
    }
  }

  // --- sessions and metadata -------------------------------------------------------------------

  /**
   * {@code store} timed at each lookup, with the number of its live sessions as a gauge when it can
   * count them cheaply ({@link SessionStore#size} not negative: the in-process store; a Redis store
   * cannot, and has no gauge); {@code store} itself when metrics are off.
   */
  public SessionStore sessions(SessionStore store) {
    MeterRegistry r = registry;
    if (r == null) {
      return store;
    }
    if (store.size() >= 0) {
      Gauge.builder("spgate.sessions.active", store, SessionStore::size)
          .description("Live sessions in this node's store")
          .strongReference(true)
          .register(r);
    }
    return new TimedSessionStore(
        store,
        Timer.builder("spgate.session.lookups")
            .description("Session store lookups of requests with a session cookie")
            .tag("store", store.answersImmediately() ? "memory" : "remote")
            .serviceLevelObjectives(
                Duration.ofNanos(100_000),
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                Duration.ofMillis(25),
                Duration.ofMillis(100),
                Duration.ofMillis(500))
            .register(r));
  }

  /**
   * The hook for metadata sources: registers the gauge {@code spgate.metadata.age} (seconds since
   * the copy in use was read or fetched) for {@code source}, read from {@code readAt} at each
   * scrape. A source that refreshes itself passes a supplier of its last good fetch.
   */
  public void metadataSource(String source, Supplier<Instant> readAt) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Gauge.builder(
            "spgate.metadata.age",
            readAt,
            s -> Duration.between(s.get(), clock.instant()).toMillis() / 1000.0)
        .description("Seconds since the IdP metadata in use was read from its source")
        .strongReference(true) // the supplier is held by nothing else
        .baseUnit("seconds")
        .tag("source", source)
        .register(r);
  }

  // --- the exchange ------------------------------------------------------------------------------

  /**
   * {@code next} with these metrics attached to each exchange, so that static error paths ({@code
   * ErrorPages}) find them; {@code next} itself when metrics are off.
   */
  public HttpHandler attach(HttpHandler next) {
    if (registry == null) {
      return next;
    }
    return new HttpHandler() {
      @Override
      public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(KEY, Metrics.this);
        next.handleRequest(exchange);
      }

      @Override
      public String toString() {
        return "metrics -> " + next;
      }
    };
  }

  /** The metrics attached to {@code exchange}, or {@link #off()}. */
  public static Metrics of(HttpServerExchange exchange) {
    Metrics m = exchange.getAttachment(KEY);
    return m == null ? OFF : m;
  }

  /** The Prometheus text exposition of every meter (empty when off). */
  public String scrape() {
    return registry == null ? "" : registry.scrape();
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
    if (registry != null) {
      registry.close();
    }
  }
}
