package org.spgate.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ClientCertConfig;
import org.spgate.core.config.LimitsConfig;
import org.spgate.core.config.ProxyConfig;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.config.ShutdownConfig;
import org.spgate.core.config.SpConfig;
import org.spgate.core.login.PendingLogouts;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.server.access.AccessDecision;
import org.spgate.server.access.AccessStage;
import org.spgate.server.edge.ClientCertStage;
import org.spgate.server.edge.Listeners;
import org.spgate.server.endpoint.AcsHandler;
import org.spgate.server.endpoint.AdfsHandler;
import org.spgate.server.endpoint.DecryptionFailureGuard;
import org.spgate.server.endpoint.LoginHandler;
import org.spgate.server.endpoint.LogoutHandler;
import org.spgate.server.endpoint.MetadataHandler;
import org.spgate.server.endpoint.ReadyHandler;
import org.spgate.server.endpoint.SessionInfoHandler;
import org.spgate.server.endpoint.StatusHandler;
import org.spgate.server.forwardauth.ForwardAuthEndpoint;
import org.spgate.server.forwardauth.ForwardAuthVerdict;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.http.TrustedForwardedHandler;
import org.spgate.server.lifecycle.GracefulStop;
import org.spgate.server.lifecycle.Lifecycle;
import org.spgate.server.limits.AddressBuckets;
import org.spgate.server.limits.ConnectionCapWatch;
import org.spgate.server.limits.LoginRateHandler;
import org.spgate.server.login.LoginCompleter;
import org.spgate.server.login.LoginStarter;
import org.spgate.server.logout.IdpLogoutHandler;
import org.spgate.server.logout.LogoutCompleter;
import org.spgate.server.logout.LogoutStarter;
import org.spgate.server.metrics.MetricsListener;
import org.spgate.server.proxy.BackendProxy;
import org.spgate.server.proxy.BodyLimit;
import org.spgate.server.proxy.BudgetCutLog;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.RequestCleaner;
import org.spgate.server.proxy.direct.BackendSet;
import org.spgate.server.proxy.direct.DirectForwarder;
import org.spgate.server.proxy.health.BackendGroup;
import org.spgate.server.proxy.health.BackendHealth;
import org.spgate.server.proxy.upgrade.UpgradeRelay;
import org.spgate.server.reload.ConfigReload;
import org.spgate.server.reload.ReloadableHandler;
import org.spgate.server.route.BackendStage;
import org.spgate.server.route.CleanStage;
import org.spgate.server.route.IdentityStage;
import org.spgate.server.route.RouteStage;
import org.spgate.server.route.Routes;
import org.spgate.server.route.SpRouter;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionEndpoint;
import org.spgate.server.session.SessionFileWriter;
import org.spgate.server.session.SessionLoader;
import org.spgate.server.session.SessionStage;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The composition root: {@link #handlers} is the only place where the handler chain is wired, and
 * tests start real servers through {@link #start} with exactly this chain.
 *
 * <pre>
 * correlation-id → metrics (attached when on) → lifecycle (in flight, draining) → [reloadable]
 *   trusted-forwarded → router
 *   router ─┬─ {handlerPath}/SAML2/POST, /ADFS, /Login → login rate limit → handler (ACS, ADFS: worker)
 *           ├─ /Logout /Metadata /Session /Status /Ready /SLO/Redirect /SLO/POST
 *           ├─ /auth → forward-auth (original URL → route) → session → verdict (200 + headers/401/403)
 *           └─ routes → session → clean → client-cert → access → identity-headers
 *                → metrics (route latency) → access log → proxy
 * </pre>
 */
public final class SpServer {

  private static final Logger LOG = LoggerFactory.getLogger(SpServer.class);

  private SpServer() {}

  private static HttpHandler sessionEndpoint(SpRuntime rt, String where, HttpHandler endpoint) {
    return new SessionEndpoint(rt.sessions, endpoint, where);
  }

  /** The complete handler chain for {@code runtime}. */
  public static HttpHandler handlers(SpRuntime rt) {
    return handlers(rt, new Kept(rt.config, new Lifecycle()), new ReloadableHandler());
  }

  /**
   * What a configuration reload keeps: the requests in flight, each backend's health and connection
   * pool (by URL) and the per-address budgets. Everything else in the chain behind {@link
   * ReloadableHandler} is built again from the reloaded runtime.
   */
  static final class Kept {
    final Lifecycle lifecycle;
    final Map<String, BackendHealth> backends = new ConcurrentHashMap<>();
    final Map<String, DirectForwarder> engines = new ConcurrentHashMap<>();
    final DecryptionFailureGuard decryptionFailures;
    final AddressBuckets loginLimiter;

    Kept(SpConfig config, Lifecycle lifecycle) {
      this.lifecycle = lifecycle;
      this.decryptionFailures =
          new DecryptionFailureGuard(config.security().decryptionFailuresPerMinute());
      this.loginLimiter = new AddressBuckets(config.limits().loginsPerMinutePerAddress());
    }
  }

  /**
   * The complete handler chain: correlation ids and the lifecycle in front of {@code reloadable},
   * which is set to the chain for {@code rt} and later swapped by a reload.
   */
  static HttpHandler handlers(SpRuntime rt, Kept kept, ReloadableHandler reloadable) {
    reloadable.swap(reloadableChain(rt, kept));
    HttpHandler chain = new CorrelationHandler(rt.metrics.attach(kept.lifecycle.wrap(reloadable)));
    LOG.debug("handler chain: {}", chain);
    return chain;
  }

  /** The part of the chain a reload replaces: forwarders, endpoints, routes and their stages. */
  static HttpHandler reloadableChain(SpRuntime rt, Kept kept) {
    SpConfig config = rt.config;
    Lifecycle lifecycle = kept.lifecycle;
    SessionCookies cookies = new SessionCookies(config.cookie());
    SessionLoader sessions =
        new SessionLoader(cookies, rt.sessions, config.security().bindSessionToAddress());
    RedirectPolicy redirects =
        new RedirectPolicy(config.publicUrl(), config.security().redirectAllowList());
    IdentityHeaders identity =
        new IdentityHeaders(
            config.headers(),
            rt.attributeMap.ids(),
            config.endpointUrl(""),
            config.sessions().timeout().toSeconds(),
            config.routes());
    BudgetCutLog budgetCuts = new BudgetCutLog();
    LoginStarter loginStarter =
        new LoginStarter(
            rt.idps.defaultIdp(),
            config.idp().protocol(),
            rt.authnRequests,
            rt.pendingLogins,
            new LoginStarter.WsFed(config.entityId(), rt.adfsUrl(), rt.clock));
    LoginCompleter completer =
        new LoginCompleter(
            rt.mapper,
            rt.scopes,
            rt.sessions,
            cookies,
            identity,
            redirects,
            new LoginCompleter.Settings(
                config.sessions().lifetime(), config.security().bindSessionToAddress(), rt.clock),
            rt.events);

    DecryptionFailureGuard decryptionFailures = kept.decryptionFailures;
    int loginRate = config.limits().loginsPerMinutePerAddress();
    AddressBuckets loginLimiter = kept.loginLimiter;
    Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
    endpoints.put(
        "/SAML2/POST",
        new LoginRateHandler(
            loginLimiter,
            loginRate,
            new AcsHandler(
                rt.saml2, completer, decryptionFailures, config.security().maxMessageBytes())));
    endpoints.put(
        "/ADFS",
        new LoginRateHandler(
            loginLimiter,
            loginRate,
            sessionEndpoint(
                rt,
                "ADFS",
                new AdfsHandler(
                    rt.wsFed,
                    completer,
                    sessions,
                    rt.sessions,
                    cookies,
                    redirects,
                    decryptionFailures,
                    config.security().maxMessageBytes()))));
    endpoints.put(
        "/Login",
        new LoginRateHandler(
            loginLimiter,
            loginRate,
            sessionEndpoint(rt, "Login", new LoginHandler(loginStarter, redirects, sessions))));
    LogoutMessages logoutMessages = new LogoutMessages(config.entityId(), rt.clock);
    PendingLogouts pendingLogouts = new PendingLogouts(rt.pendingLogins);
    endpoints.put(
        "/Logout",
        sessionEndpoint(
            rt,
            "Logout",
            new LogoutHandler(
                sessions,
                rt.sessions,
                cookies,
                redirects,
                rt.idps,
                new LogoutStarter(
                    rt.idps, logoutMessages, pendingLogouts, rt.credentials.get(0)))));
    for (String binding : List.of("Redirect", "POST")) {
      endpoints.put(
          "/SLO/" + binding,
          new IdpLogoutHandler(
              rt.logoutReader,
              logoutMessages,
              new LogoutCompleter(pendingLogouts),
              rt.sessions,
              rt.idps,
              rt.credentials.get(0),
              rt.sloUrl(binding),
              binding.equals("POST")));
    }
    endpoints.put("/Metadata", new MetadataHandler(rt.spMetadata));
    endpoints.put("/Session", sessionEndpoint(rt, "Session", new SessionInfoHandler(sessions)));
    endpoints.put(
        "/Status",
        new StatusHandler(
            rt.sessions,
            lifecycle::isDraining,
            rt::remoteMetadataStatus,
            () -> routeBackends(config, kept)));
    endpoints.put("/Ready", new ReadyHandler(lifecycle::isDraining));

    List<Routes.Route<HttpHandler>> routes = new ArrayList<>();
    Map<String, BackendProxy> proxies = new LinkedHashMap<>();
    for (RouteConfig route : config.routes()) {
      // Routes to the same backends share their proxy, unless they allow different upgrades or
      // set their own limits.
      BackendProxy proxy =
          proxies.computeIfAbsent(
              route.backends()
                  + " "
                  + route.upgrade()
                  + (route.proxyLimits().isEmpty() ? "" : " " + route.host() + route.path()),
              k -> backendProxy(rt, kept, route));
      routes.add(
          new Routes.Route<>(route, rt.metrics.route(route, rt.events.accessLog(route, proxy))));
    }
    // The stages of a routed request, in order; the session is read before cleaning removes
    // spgate's cookie from the request.
    Routes<HttpHandler> matcher = new Routes<>(routes);
    // Forward-auth: the same routes, sessions, rules and headers, answered to a fronting proxy;
    // the certificate a TLS-terminating proxy passes is cleaned, read and verified as when
    // proxying.
    endpoints.put(
        "/auth",
        new ForwardAuthEndpoint(
            matcher,
            new SessionStage(
                sessions,
                new CleanStage(
                    new RequestCleaner(identity, cookies.name(), clientCertHeaderNames(config)),
                    new ClientCertStage(
                        rt.clientCerts,
                        config.clientCert(),
                        rt.clock,
                        new ForwardAuthVerdict(
                            new AccessDecision(),
                            identity,
                            budgetCuts,
                            config.endpointUrl("/Login"),
                            clientCertHeaderNames(config),
                            rt.clock))))));
    HttpHandler routeHandler =
        new RouteStage(
            matcher,
            new SessionStage(
                sessions,
                new CleanStage(
                    new RequestCleaner(identity, cookies.name(), clientCertHeaderNames(config)),
                    new ClientCertStage(
                        rt.clientCerts,
                        config.clientCert(),
                        rt.clock,
                        new AccessStage(
                            new AccessDecision(),
                            loginStarter,
                            identity,
                            config.endpointUrl("/Login"),
                            new IdentityStage(
                                identity, budgetCuts, rt.clock, new BackendStage()))))));
    ClientCertConfig.FromProxy fromProxy = config.clientCert().fromProxy();
    return new TrustedForwardedHandler(
        config.proxy().trustedProxies(),
        fromProxy == null ? null : fromProxy.header(),
        new SpRouter(config.handlerPath(), endpoints, routeHandler));
  }

  /**
   * The health of each backend of {@code config}'s routes, once each, in route order: a backend a
   * reload removed is no longer listed, though its health is kept for a reload that brings it back.
   */
  private static List<BackendHealth> routeBackends(SpConfig config, Kept kept) {
    Map<String, BackendHealth> listed = new LinkedHashMap<>();
    for (RouteConfig route : config.routes()) {
      for (URI backend : route.backends()) {
        BackendHealth health = kept.backends.get(backend.toString());
        if (health != null) {
          listed.putIfAbsent(backend.toString(), health);
        }
      }
    }
    return List.copyOf(listed.values());
  }

  /** The configured names of the client-certificate headers, which no client may send. */
  private static List<String> clientCertHeaderNames(SpConfig config) {
    ClientCertConfig.Headers h = config.clientCert().headers();
    return List.of(h.verify(), h.subjectDn(), h.issuerDn(), h.serial(), h.notAfter(), h.cert());
  }

  /**
   * The listener's body limit: the largest of {@code proxy.maxRequestBody} and the routes' {@code
   * maxBodySize}; each request is then held to its route's own ({@code BackendProxy}). Fixed at
   * start: a reload that raises a route above it cuts chunked bodies at this one (413) until a
   * restart.
   */
  static long largestBody(SpConfig config) {
    long largest = config.proxy().maxRequestBodyBytes();
    for (RouteConfig route : config.routes()) {
      Long own = route.proxyLimits().maxBodySize();
      if (own != null) {
        largest = Math.max(largest, own);
      }
    }
    return largest;
  }

  /**
   * The proxy of {@code route}: for each of its backends the engine (one connection pool per
   * backend URL, kept across reloads; the route's own timeouts on top) and the health (by URL,
   * kept), in turn through one {@link BackendGroup}.
   */
  private static BackendProxy backendProxy(SpRuntime rt, Kept kept, RouteConfig route) {
    SpConfig config = rt.config;
    ProxyConfig limits = route.proxyLimits().applyTo(config.proxy());
    List<DirectForwarder> engines = new ArrayList<>();
    List<BackendHealth> health = new ArrayList<>();
    for (URI backend : route.backends()) {
      engines.add(
          kept.engines
              .computeIfAbsent(
                  backend.toString(), x -> new DirectForwarder(backend, config.proxy()))
              .withTimeouts(limits));
      health.add(
          kept.backends.computeIfAbsent(
              backend.toString(), x -> new BackendHealth(backend, config.backendHealth())));
    }
    BackendGroup group = new BackendGroup(health);
    return new BackendProxy(
        route.backend(),
        BodyLimit.of(config.proxy(), route.proxyLimits(), route.path()),
        BackendSet.of(group, engines),
        group,
        route.upgrade().isEmpty()
            ? null
            : new UpgradeRelay(
                route.backends(),
                group,
                route.upgrade(),
                limits,
                rt.sessions,
                config.sessions().recheck(),
                kept.lifecycle));
  }

  /**
   * A started server. {@link #drainAndStop} stops it gracefully (what SIGTERM does); closing it
   * stops the listener and the worker's threads at once.
   *
   * @param backends the health of each backend, by URL (its counters), including backends a reload
   *     added
   * @param reload reloads the configuration file ({@code SIGHUP} does the same)
   * @param metrics the metrics listener, when {@code metrics.listen} is set
   * @param sessionFile writes the session file, when {@code sessions.persist} is set
   */
  public record Running(
      Undertow undertow,
      XnioWorker worker,
      int port,
      Lifecycle lifecycle,
      ShutdownConfig shutdown,
      ConnectionCapWatch connections,
      Map<String, BackendHealth> backends,
      ConfigReload reload,
      @Nullable MetricsListener metrics,
      @Nullable SessionFileWriter sessionFile)
      implements AutoCloseable {

    /**
     * Stops gracefully: readiness turns to draining, the listener closes after {@code
     * shutdown.drainDelay}, the requests in flight get up to {@code shutdown.timeout} to finish,
     * then the threads stop. Returns whether every request in flight finished.
     */
    public boolean drainAndStop() throws InterruptedException {
      return new GracefulStop(
              lifecycle, shutdown, undertow::stop, this::close, this::writeSessionFile)
          .run();
    }

    private void writeSessionFile() {
      if (sessionFile != null) {
        sessionFile.stopAndWrite();
      }
    }

    /** Stops at once; the session file keeps what its last periodic write wrote. */
    @Override
    public void close() {
      if (sessionFile != null) {
        sessionFile.stop();
      }
      if (metrics != null) {
        metrics.close();
      }
      connections.close();
      undertow.stop();
      worker.shutdownNow();
    }
  }

  /**
   * Starts the I/O and worker threads a server runs on, with Undertow's default sizes (I/O threads:
   * the cores, at least 2; eight worker threads per I/O thread). Separate from {@link #start} so
   * that it can run before the runtime is ready; it opens no socket.
   */
  public static XnioWorker newWorker() {
    int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_IO_THREADS, ioThreads)
                  .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                  .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CORK, true)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server's I/O threads", e);
    }
  }

  /** Starts a server for {@code runtime} on its configured address (port 0: any free port). */
  public static Running start(SpRuntime rt) {
    return start(rt, newWorker());
  }

  /**
   * Starts a server for {@code runtime} on {@code worker} (from {@link #newWorker}), which the
   * returned server owns; on failure the worker is shut down.
   */
  public static Running start(SpRuntime rt, XnioWorker worker) {
    try {
      return listen(rt, worker);
    } catch (RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
  }

  private static Running listen(SpRuntime rt, XnioWorker worker) {
    SpConfig config = rt.config;
    LimitsConfig limits = config.limits();
    Lifecycle lifecycle = new Lifecycle();
    Kept kept = new Kept(config, lifecycle);
    ReloadableHandler reloadable = new ReloadableHandler();
    HttpHandler handler = handlers(rt, kept, reloadable);
    // A reload builds a runtime from the first one (its stores, keys and TLS stay) and the chain
    // from that runtime with the same kept state.
    ConfigReload reload =
        new ConfigReload(config, reloadable, merged -> reloadableChain(rt.reloaded(merged), kept));
    Undertow.Builder builder =
        Undertow.builder()
            .setWorker(worker)
            .setServerOption(UndertowOptions.DECODE_URL, false)
            .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, false)
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, config.proxy().maxHeaderBytes())
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, largestBody(config))
            .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
            .setServerOption(
                UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.requestHeadTimeout()))
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
            .setSocketOption(Options.REUSE_ADDRESSES, true)
            .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
            .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections())
            .setHandler(handler);
    Listeners.add(builder, config, rt.tlsKeys, rt.clientCerts, handler, worker);
    Undertow undertow = builder.build();
    // Sessions of the previous run are back before the first request can ask for them.
    SessionFileWriter sessionFile = null;
    if (rt.persistence != null) {
      rt.persistence.restore();
      sessionFile =
          SessionFileWriter.start(
              rt.persistence,
              java.util.Objects.requireNonNull(config.sessions().persist()).interval());
    }
    try {
      undertow.start();
    } catch (RuntimeException e) {
      if (sessionFile != null) {
        sessionFile.stop();
      }
      throw e;
    }
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    ConnectionCapWatch connections = ConnectionCapWatch.start(worker, limits.maxConnections());
    InetSocketAddress metricsAt = config.metrics().listen();
    MetricsListener metrics =
        metricsAt == null ? null : MetricsListener.start(metricsAt, rt.metrics);
    return new Running(
        undertow,
        worker,
        port,
        lifecycle,
        config.shutdown(),
        connections,
        Collections.unmodifiableMap(kept.backends),
        reload,
        metrics,
        sessionFile);
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
