package org.spgate.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.attribute.AttributeMap;
import org.spgate.core.attribute.AttributeMapper;
import org.spgate.core.attribute.ScopePolicy;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.CredentialConfig;
import org.spgate.core.config.HeaderProfiles;
import org.spgate.core.config.RedisConfig;
import org.spgate.core.config.SessionPersistConfig;
import org.spgate.core.config.SpConfig;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.login.ProtocolChoice;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.metadata.SpMetadata;
import org.spgate.core.metadata.remote.MdqLookup;
import org.spgate.core.metadata.remote.MetadataRefresher;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.AuthnRequestFactory;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.saml2.logout.LogoutMessageReader;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.session.persist.SessionFile;
import org.spgate.core.session.persist.SessionFileCipher;
import org.spgate.core.session.persist.SessionPersistence;
import org.spgate.core.session.redis.RedisConnection;
import org.spgate.core.session.redis.RedisPendingLogins;
import org.spgate.core.session.redis.RedisReplayCache;
import org.spgate.core.session.redis.RedisSessionStore;
import org.spgate.core.time.ClockTicker;
import org.spgate.core.wsfed.WsFedSignInConsumer;
import org.spgate.server.edge.ClientCertVerifier;
import org.spgate.server.edge.ServerKeys;
import org.spgate.server.logging.Events;
import org.spgate.server.metrics.Metrics;
import org.spgate.server.proxy.IdentityHeaders;

/**
 * Everything spgate needs at run time, built once from the configuration: keys, trusted IdPs, the
 * attribute map, the validators and the stores. Immutable after construction; handlers get what
 * they need from here through {@link SpServer#handlers}.
 */
public final class SpRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpRuntime.class);

  /** Logins in flight expire after this long (the user takes that long at the IdP at most). */
  static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(15);

  final SpConfig config;
  final Clock clock;
  final List<SpCredential> credentials;
  final IdpRegistry idps;
  final @Nullable MetadataRefresher remoteMetadata;
  final AttributeMap attributeMap;
  final AttributeMapper mapper;

  /** The scope policy of an issuer, read from the IdPs in use (a refresh may change them). */
  final Function<String, ScopePolicy> scopes;

  final SessionStore sessions;
  private final @Nullable RedisConnection redis;
  final PendingLogins pendingLogins;
  final ReplayCache replayCache;

  /** The session file of {@code sessions.persist}; {@code SpServer} restores and writes it. */
  final @Nullable SessionPersistence persistence;

  final Saml2ResponseConsumer saml2;
  final WsFedSignInConsumer wsFed;
  final AuthnRequestFactory authnRequests;
  final LogoutMessageReader logoutReader;
  final CompletableFuture<String> spMetadata;
  final @Nullable ServerKeys tlsKeys;
  final @Nullable ClientCertVerifier clientCerts;
  final Metrics metrics;
  final Events events;

  private SpRuntime(SpConfig config, Clock clock) throws ConfigException {
    this(config, clock, true);
  }

  private SpRuntime(SpConfig config, Clock clock, boolean network) throws ConfigException {
    this.config = config;
    this.clock = clock;
    List<ConfigProblem> problems = new ArrayList<>();
    this.credentials = loadCredentials(config, clock, problems);
    List<IdpDescriptor> loaded = List.of();
    try {
      loaded = IdpMetadataLoader.loadAll(config.idp().metadata(), clock);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    MetadataRefresher refresher = null;
    if (config.idp().hasRemoteSources()) {
      try {
        refresher =
            MetadataRefresher.start(
                config.idp().remoteMetadata(),
                config.idp().mdq(),
                loaded,
                new SignatureVerifier(new AlgorithmPolicy(config.security().allowSha1())),
                config.configFile(),
                clock,
                network);
        loaded = refresher.allIdps();
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    this.remoteMetadata = refresher;
    AttributeMap map = null;
    try {
      map = AttributeMap.load(config.attributeMap());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    checkHeaderProfiles(config, map, problems);
    ServerKeys keys = null;
    if (config.tls() != null) {
      try {
        keys = ServerKeys.load(config.tls().cert(), config.tls().key());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    this.tlsKeys = keys;
    ClientCertVerifier verifier = null;
    java.nio.file.Path clientCa = config.clientCert().ca();
    if (clientCa != null) {
      try {
        verifier = ClientCertVerifier.load(clientCa, config.clientCert().crl(), clock);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    this.clientCerts = verifier;
    MdqLookup mdq = refresher == null ? null : refresher.mdq();
    IdpDescriptor defaultIdp =
        mdq != null
            ? defaultFrom(mdq, config, loaded, network, problems)
            : loaded.isEmpty() ? null : chooseDefault(config, loaded, problems);
    if (defaultIdp != null) {
      try {
        ProtocolChoice.choose(defaultIdp, config.idp().protocol());
      } catch (IllegalStateException e) {
        problems.add(new ConfigProblem(config.configFile(), 0, "idp.protocol", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    this.attributeMap = map;
    this.idps = new IdpRegistry(loaded, defaultIdp, clock, mdq);
    if (refresher != null && network) {
      refresher.schedule(idps);
    }
    this.mapper = new AttributeMapper(map, config.entityId());
    logScopes(loaded);
    this.scopes =
        issuer -> idps.find(issuer).map(SpRuntime::scopePolicy).orElse(ScopePolicy.none());
    ClockTicker ticker = new ClockTicker(clock);
    this.metrics = config.metrics().enabled() ? Metrics.prometheus(clock) : Metrics.off();
    this.events = new Events(config.logging());
    IdpRegistry trusted = idps;
    metrics.knownIdps(entityId -> trusted.find(entityId).isPresent());
    Instant metadataRead = clock.instant();
    config
        .idp()
        .metadata()
        .forEach(file -> metrics.metadataSource(file.toString(), () -> metadataRead));
    this.redis = openRedis(config);
    SessionStore store = sessionStore(config, redis, clock, ticker);
    this.sessions = metrics.sessions(store);
    if (redis != null) {
      // Several nodes: logins in flight and consumed assertions are shared, so the IdP may answer
      // to any node and an assertion is accepted once across all of them.
      this.pendingLogins = new RedisPendingLogins(redis, LOGIN_TIMEOUT);
      this.replayCache = new RedisReplayCache(redis, clock);
      this.persistence = null;
    } else {
      this.pendingLogins = new CaffeinePendingLogins(LOGIN_TIMEOUT, 1_000_000, ticker);
      CaffeineReplayCache replays = new CaffeineReplayCache(10_000_000, clock, ticker);
      this.replayCache = replays;
      this.persistence = persistence(config, (CaffeineSessionStore) store, replays, clock);
    }
    // Keys, metadata and the attribute map need no OpenSAML; from here on everything does. Wait
    // for the initialisation that main started in the background (or run it now).
    OpenSaml.init();
    Consumers consumers =
        Consumers.build(
            Consumers.Settings.of(config, acsUrl(), adfsUrl()),
            idps,
            pendingLogins,
            replayCache,
            clock,
            credentials);
    this.saml2 = consumers.saml2();
    this.wsFed = consumers.wsFed();
    this.authnRequests =
        new AuthnRequestFactory(config.entityId(), acsUrl(), credentials.get(0), clock);
    this.logoutReader = logoutReader(config, idps, replayCache, clock);
    // Serialising the document is the first use of the JDK's DOM serialiser (about 100 ms of
    // class initialisation): done beside the server's start, not before it. /Metadata waits.
    SpMetadata.Settings metadata =
        new SpMetadata.Settings(
            config.entityId(), acsUrl(), adfsUrl(), config.endpointUrl("/SLO"), credentials);
    this.spMetadata =
        CompletableFuture.supplyAsync(
            () -> SpMetadata.generate(metadata),
            task -> {
              Thread thread = new Thread(task, "spgate-metadata");
              thread.setDaemon(true);
              thread.start();
            });
    spMetadata.whenComplete(
        (xml, e) -> {
          if (e != null) {
            LOG.error("cannot generate the SP metadata; /Metadata will fail", e);
          }
        });
    if (config.security().allowCbcEncryption()) {
      LOG.info(
          "security.allowCbcEncryption is on: AES-CBC encrypted assertions are decrypted without a"
              + " covering signature (AD FS); decryption failures answer uniformly after a fixed"
              + " delay, at most {} per minute per client address",
          config.security().decryptionFailuresPerMinute());
    }
    if (config.security().allowSha1()) {
      LOG.warn("security.allowSha1 is on: RSA-SHA1 signatures are accepted (legacy IdPs only)");
    }
  }

  /**
   * A runtime for a reloaded {@code config} (whose restart-only keys are those of {@code kept}'s):
   * IdP metadata and the attribute map are read again and the consumers rebuilt on them; keys,
   * stores (sessions, logins in flight, consumed assertions), TLS and the SP metadata are {@code
   * kept}'s, so sessions and logins in flight survive the reload.
   */
  private SpRuntime(SpRuntime kept, SpConfig config) throws ConfigException {
    this.config = config;
    this.clock = kept.clock;
    this.credentials = kept.credentials;
    List<ConfigProblem> problems = new ArrayList<>();
    // With remote sources the IdPs are the refresher's to replace (ReloadableConfig keeps the idp
    // section as it runs); without, the metadata files are read again.
    this.remoteMetadata = kept.remoteMetadata;
    List<IdpDescriptor> loaded = List.copyOf(kept.idps.all());
    if (kept.remoteMetadata == null) {
      try {
        loaded = IdpMetadataLoader.loadAll(config.idp().metadata(), clock);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    AttributeMap map = null;
    try {
      map = AttributeMap.load(config.attributeMap());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    checkHeaderProfiles(config, map, problems);
    // With remote sources the default IdP is the running one (it may come from a Metadata Query
    // responder, outside the documents' IdPs).
    IdpDescriptor defaultIdp =
        kept.remoteMetadata != null
            ? kept.idps.defaultIdp()
            : loaded.isEmpty() ? null : chooseDefault(config, loaded, problems);
    if (defaultIdp != null) {
      try {
        ProtocolChoice.choose(defaultIdp, config.idp().protocol());
      } catch (IllegalStateException e) {
        problems.add(new ConfigProblem(config.configFile(), 0, "idp.protocol", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    this.attributeMap = map;
    this.idps =
        kept.remoteMetadata != null ? kept.idps : new IdpRegistry(loaded, defaultIdp, clock);
    this.mapper = new AttributeMapper(map, config.entityId());
    IdpRegistry current = idps;
    this.scopes =
        issuer -> current.find(issuer).map(SpRuntime::scopePolicy).orElse(ScopePolicy.none());
    this.metrics = kept.metrics;
    this.events = kept.events;
    this.redis = kept.redis;
    this.sessions = kept.sessions;
    this.pendingLogins = kept.pendingLogins;
    this.replayCache = kept.replayCache;
    this.persistence = kept.persistence;
    Consumers consumers =
        Consumers.build(
            Consumers.Settings.of(config, acsUrl(), adfsUrl()),
            idps,
            pendingLogins,
            replayCache,
            clock,
            credentials);
    this.saml2 = consumers.saml2();
    this.wsFed = consumers.wsFed();
    this.authnRequests = kept.authnRequests;
    this.logoutReader = logoutReader(config, idps, replayCache, clock);
    this.spMetadata = kept.spMetadata;
    this.tlsKeys = kept.tlsKeys;
    this.clientCerts = kept.clientCerts;
  }

  /** The header profiles' attribute ids and header names against the attribute map. */
  private static void checkHeaderProfiles(
      SpConfig config, @Nullable AttributeMap map, List<ConfigProblem> problems) {
    if (map != null) {
      problems.addAll(
          HeaderProfiles.check(
              config.headers(),
              map.ids(),
              IdentityHeaders.fixedNames(config.headers()),
              config.configFile()));
    }
  }

  private static LogoutMessageReader logoutReader(
      SpConfig config, IdpRegistry idps, ReplayCache replayCache, Clock clock) {
    return new LogoutMessageReader(
        idps,
        new AlgorithmPolicy(config.security().allowSha1()),
        replayCache,
        new TimeWindow(clock, config.security().clockSkew()),
        config.security().messageLifetime());
  }

  /**
   * This runtime with {@code config}'s reloadable parts (IdP metadata, attribute map, routes and
   * their access rules, identity headers) and everything else kept; see {@code
   * server.reload.ReloadableConfig} for which keys those are.
   *
   * @throws ConfigException if the metadata or the attribute map cannot be used
   */
  public SpRuntime reloaded(SpConfig config) throws ConfigException {
    return new SpRuntime(this, config);
  }

  private static @Nullable RedisConnection openRedis(SpConfig config) throws ConfigException {
    RedisConfig redis = config.sessions().redis();
    if (redis == null) {
      return null;
    }
    try {
      RedisConnection connection = RedisConnection.open(redis);
      LOG.info("sessions are kept in {}", connection.description());
      return connection;
    } catch (SessionStoreException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(config.configFile(), 0, "sessions.store", e.getMessage())));
    }
  }

  /**
   * The session file of {@code sessions.persist}, sealed under a key derived from the first SP
   * credential (the configuration refuses {@code persist} without credentials); {@code null} when
   * not set.
   */
  private @Nullable SessionPersistence persistence(
      SpConfig config, CaffeineSessionStore store, CaffeineReplayCache replays, Clock clock) {
    SessionPersistConfig persist = config.sessions().persist();
    if (persist == null) {
      return null;
    }
    SessionFile file =
        new SessionFile(
            persist.file(), SessionFileCipher.fromPrivateKey(credentials.get(0).privateKey()));
    return new SessionPersistence(file, store, replays, clock);
  }

  private static SessionStore sessionStore(
      SpConfig config, @Nullable RedisConnection redis, Clock clock, ClockTicker ticker) {
    if (redis != null) {
      return new RedisSessionStore(
          redis,
          config.sessions().timeout(),
          java.util.Objects.requireNonNull(config.sessions().redis()).idleRefresh(),
          clock);
    }
    return new CaffeineSessionStore(
        config.sessions().maxSessions(), config.sessions().timeout(), clock, ticker);
  }

  /** Closes the connection to a shared store, if any. */
  @Override
  public void close() {
    if (remoteMetadata != null) {
      remoteMetadata.close();
    }
    if (redis != null) {
      redis.close();
    }
    metrics.close();
  }

  /** Builds the runtime from {@code config} with the system clock. */
  public static SpRuntime create(SpConfig config) throws ConfigException {
    return new SpRuntime(config, Clock.systemUTC());
  }

  /**
   * Builds the runtime without any network request: remote metadata comes from the cached copies
   * only and is not refreshed ({@code spgate decode}).
   */
  public static SpRuntime createOffline(SpConfig config, Clock clock) throws ConfigException {
    return new SpRuntime(config, clock, false);
  }

  /** Builds the runtime with an injected clock (tests). */
  public static SpRuntime create(SpConfig config, Clock clock) throws ConfigException {
    return new SpRuntime(config, clock);
  }

  /** The configuration. */
  public SpConfig config() {
    return config;
  }

  /** The SP metadata XML. */
  public String spMetadata() {
    return spMetadata.join();
  }

  /** The meters: the metrics listener serves them, the metadata sources register their age. */
  public Metrics metrics() {
    return metrics;
  }

  /** The session store (timed when metrics are on). */
  public SessionStore sessions() {
    return sessions;
  }

  /** The trusted IdPs. */
  public IdpRegistry idps() {
    return idps;
  }

  /** The SAML 2.0 Response consumer ({@code spgate decode} runs captured messages through it). */
  public Saml2ResponseConsumer saml2Consumer() {
    return saml2;
  }

  /** The WS-Federation sign-in consumer ({@code spgate decode} runs captured tokens through it). */
  public WsFedSignInConsumer wsFedConsumer() {
    return wsFed;
  }

  /** The logins in flight: {@code spgate decode} registers the one a captured message answers. */
  public PendingLogins pendingLogins() {
    return pendingLogins;
  }

  /** The SAML 2.0 assertion consumer URL. */
  public String acsUrl() {
    return config.endpointUrl("/SAML2/POST");
  }

  /** The SAML 2.0 Single Logout endpoint URL of {@code binding} ("Redirect" or "POST"). */
  public String sloUrl(String binding) {
    return config.endpointUrl("/SLO/" + binding);
  }

  /** The WS-Federation (AD FS) endpoint URL, also the realm's reply URL. */
  public String adfsUrl() {
    return config.endpointUrl("/ADFS");
  }

  private static List<SpCredential> loadCredentials(
      SpConfig config, Clock clock, List<ConfigProblem> problems) {
    List<SpCredential> loaded = new ArrayList<>();
    for (CredentialConfig credential : config.credentials()) {
      try {
        loaded.add(PemFiles.load(credential.cert(), credential.key()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (config.credentials().isEmpty()) {
      LOG.warn(
          "no credentials configured: using a key generated for this run; the SP metadata"
              + " changes at every start (run 'spgate keygen' and set credentials for production)");
      loaded.add(
          KeyPairs.selfSigned(
              config.publicUrl().getHost(),
              2048,
              Instant.now(clock).minus(Duration.ofDays(1)),
              Duration.ofDays(3650)));
    }
    return loaded;
  }

  /**
   * The IdP logins go to when a Metadata Query responder is configured: from the files and
   * aggregates if they hold it, else fetched from the responder before spgate listens.
   */
  private static @Nullable IdpDescriptor defaultFrom(
      MdqLookup mdq,
      SpConfig config,
      List<IdpDescriptor> loaded,
      boolean network,
      List<ConfigProblem> problems) {
    String wanted = java.util.Objects.requireNonNull(config.idp().entityId());
    for (IdpDescriptor idp : loaded) {
      if (idp.entityId().equals(wanted)) {
        return idp;
      }
    }
    if (!network) {
      problems.add(
          new ConfigProblem(
              config.configFile(),
              mdq.config().line(),
              mdq.config().key() + ".mdq",
              "offline: the IdP "
                  + wanted
                  + " would be fetched from the Metadata Query responder"));
      return null;
    }
    try {
      return mdq.resolveAtStart(wanted);
    } catch (Rejection e) {
      problems.add(
          new ConfigProblem(
              config.configFile(),
              mdq.config().line(),
              mdq.config().key() + ".mdq",
              "cannot load idp.entityId " + wanted + ": " + e.getMessage()));
      return null;
    }
  }

  private static IdpDescriptor chooseDefault(
      SpConfig config, List<IdpDescriptor> idps, List<ConfigProblem> problems) {
    String wanted = config.idp().entityId();
    if (wanted == null) {
      if (idps.size() > 1) {
        problems.add(
            new ConfigProblem(
                config.configFile(),
                0,
                "idp.entityId",
                "the metadata"
                    + " holds "
                    + idps.size()
                    + " IdPs; set idp.entityId to the one logins go to"));
      }
      return idps.get(0);
    }
    for (IdpDescriptor idp : idps) {
      if (idp.entityId().equals(wanted)) {
        return idp;
      }
    }
    problems.add(
        new ConfigProblem(
            config.configFile(),
            0,
            "idp.entityId",
            "no IdP '" + wanted + "' in the metadata files " + config.idp().metadata()));
    return idps.get(0);
  }

  private static void logScopes(List<IdpDescriptor> idps) {
    for (IdpDescriptor idp : idps) {
      if (idp.literalScopes().isEmpty() && idp.regexScopes().isEmpty()) {
        LOG.info(
            "IdP {} lists no shibmd:Scope: scoped attributes are not scope-checked",
            idp.entityId());
      }
    }
  }

  private static ScopePolicy scopePolicy(IdpDescriptor idp) {
    return ScopePolicy.of(idp.literalScopes(), idp.regexScopes());
  }

  /** What {@code /Status} shows of each remote metadata source. */
  java.util.List<org.spgate.core.metadata.remote.RemoteMetadataSource.Status>
      remoteMetadataStatus() {
    return remoteMetadata == null
        ? List.of()
        : remoteMetadata.sources().stream().map(s -> s.status()).toList();
  }

  /** The remote metadata sources, or null when there are none. */
  public @Nullable MetadataRefresher remoteMetadata() {
    return remoteMetadata;
  }
}
