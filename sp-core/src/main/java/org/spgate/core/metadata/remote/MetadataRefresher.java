package org.spgate.core.metadata.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.MdqConfig;
import org.spgate.core.config.RemoteMetadataConfig;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.SignatureVerifier;

/**
 * Loads the remote sources at start-up (the URL, else the cached copy, both fully checked) and
 * refreshes each on its own schedule on one daemon thread. A new document replaces its source's
 * IdPs in the {@link IdpRegistry} in one atomic swap, and only when it passed every check and still
 * holds the IdP logins go to; anything else leaves the keys in use untouched.
 */
public final class MetadataRefresher implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger("spgate.metadata");

  private final List<IdpDescriptor> fileIdps;
  private final List<RemoteMetadataSource> sources;
  private final @Nullable MdqLookup mdq;
  private final Clock clock;
  private @Nullable IdpRegistry registry;
  private @Nullable ScheduledExecutorService scheduler;

  private MetadataRefresher(
      List<IdpDescriptor> fileIdps,
      List<RemoteMetadataSource> sources,
      @Nullable MdqLookup mdq,
      Clock clock) {
    this.fileIdps = List.copyOf(fileIdps);
    this.sources = List.copyOf(sources);
    this.mdq = mdq;
    this.clock = clock;
  }

  /**
   * Builds the sources and loads each once, before spgate listens.
   *
   * @param network whether to fetch the URLs; {@code false} reads only the cached copies (tools
   *     that promise to make no network request)
   * @throws ConfigException naming the source's file:line:key when a source has neither a valid
   *     document at its URL nor a valid cached copy, or its certificate cannot be read
   */
  public static MetadataRefresher start(
      List<RemoteMetadataConfig> configs,
      List<MdqConfig> mdqConfigs,
      List<IdpDescriptor> fileIdps,
      SignatureVerifier signatures,
      Path configFile,
      Clock clock,
      boolean network)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    List<RemoteMetadataSource> sources = new ArrayList<>();
    for (RemoteMetadataConfig config : configs) {
      try {
        List<PublicKey> keys =
            config.signingCert() == null
                ? null
                : List.of(PemFiles.readCertificate(config.signingCert()).getPublicKey());
        if (keys == null) {
          LOG.warn(
              "metadata {}: insecureNoSignatureCheck is on: its signature is NOT checked; whoever"
                  + " can alter the document on its way can add IdPs",
              config.describe());
        }
        MetadataFetcher fetcher = new MetadataFetcher(config.url(), config.tlsCa());
        RemoteMetadataSource source =
            new RemoteMetadataSource(
                config,
                fetcher,
                new SignedMetadataCheck(signatures, keys, clock, config.maxValidity()),
                clock);
        String error = network ? loadAtStart(source) : loadCacheOnly(source);
        if (error != null) {
          problems.add(
              new ConfigProblem(
                  configFile,
                  config.line(),
                  config.key() + ".url",
                  "no usable metadata: " + error));
        }
        sources.add(source);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      } catch (IOException e) {
        problems.add(
            new ConfigProblem(configFile, config.line(), config.key() + ".tlsCa", e.getMessage()));
      }
    }
    MdqLookup mdq = null;
    for (MdqConfig config : mdqConfigs) {
      try {
        mdq = MdqLookup.start(config, signatures, configFile, clock);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new MetadataRefresher(fileIdps, sources, mdq, clock);
  }

  private static @Nullable String loadAtStart(RemoteMetadataSource source) {
    String url = source.config().describe();
    try {
      source.accepted(source.fetch());
      LOG.info("metadata {}: loaded {} IdP(s) from the URL", url, source.idps().size());
      return null;
    } catch (MetadataRefused fetchError) {
      try {
        source.accepted(source.fromCache());
        source.failed(fetchError.getMessage());
        LOG.warn(
            "metadata {}: {}; using the cached copy {} ({} IdP(s))",
            url,
            fetchError.getMessage(),
            source.config().cacheFile(),
            source.idps().size());
        return null;
      } catch (MetadataRefused cacheError) {
        return fetchError.getMessage() + "; cached copy: " + cacheError.getMessage();
      }
    }
  }

  /** Offline tools ({@code spgate decode}): the cached copy, checked, and no fetch. */
  private static @Nullable String loadCacheOnly(RemoteMetadataSource source) {
    try {
      source.accepted(source.fromCache());
      return null;
    } catch (MetadataRefused e) {
      return "offline, cached copy: " + e.getMessage();
    }
  }

  /** The IdPs of the files and of every source, as loaded at start. */
  public List<IdpDescriptor> allIdps() {
    List<IdpDescriptor> all = new ArrayList<>(fileIdps);
    for (RemoteMetadataSource source : sources) {
      all.addAll(source.idps());
    }
    return all;
  }

  /** The Metadata Query responder, when one is configured. */
  public @Nullable MdqLookup mdq() {
    return mdq;
  }

  /** The sources, for {@code /Status}. */
  public List<RemoteMetadataSource> sources() {
    return sources;
  }

  /** Starts the refresh schedule of every source against {@code registry}. */
  public synchronized void schedule(IdpRegistry registry) {
    this.registry = registry;
    if (sources.isEmpty()) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "spgate-metadata-refresh");
              thread.setDaemon(true);
              return thread;
            });
    for (RemoteMetadataSource source : sources) {
      Duration first =
          source.status().nextRefresh() == null
              ? source.config().minRefresh()
              : Duration.between(clock.instant(), source.status().nextRefresh());
      scheduleNext(source, first.isNegative() ? Duration.ZERO : first);
    }
  }

  private void scheduleNext(RemoteMetadataSource source, Duration delay) {
    ScheduledExecutorService s = scheduler;
    if (s != null && !s.isShutdown()) {
      s.schedule(
          () -> scheduleNext(source, refresh(source)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Fetches {@code source} once now and swaps its IdPs in if the document passes; returns the delay
   * to its next refresh. Called by the schedule, and by tests.
   */
  public Duration refresh(RemoteMetadataSource source) {
    String url = source.config().describe();
    RemoteMetadataSource.Candidate candidate;
    try {
      candidate = source.fetch();
    } catch (MetadataRefused e) {
      Duration retry = source.failed(e.getMessage());
      LOG.warn(
          "metadata {}: refresh refused, keeping the {} IdP(s) in use; retry in {}: {}",
          url,
          source.idps().size(),
          retry,
          e.getMessage());
      return retry;
    } catch (RuntimeException e) {
      Duration retry = source.failed("unexpected: " + e);
      LOG.error("metadata {}: refresh failed unexpectedly; keeping the IdPs in use", url, e);
      return retry;
    }
    synchronized (this) {
      List<IdpDescriptor> all = new ArrayList<>(fileIdps);
      for (RemoteMetadataSource other : sources) {
        all.addAll(other == source ? candidate.idps() : other.idps());
      }
      if (registry != null && !registry.replace(all)) {
        Duration retry =
            source.failed(
                "the IdP logins go to ("
                    + registry.defaultIdp().entityId()
                    + ") is no longer in the metadata");
        LOG.warn(
            "metadata {}: refresh refused, it no longer holds the IdP logins go to ({});"
                + " keeping the IdPs in use",
            url,
            registry.defaultIdp().entityId());
        return retry;
      }
      Duration next = source.accepted(candidate);
      LOG.info(
          "metadata {}: refreshed, {} IdP(s) in use; next refresh in {}",
          url,
          candidate.idps().size(),
          next);
      return next;
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
