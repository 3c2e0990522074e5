package org.spgate.core.metadata.remote;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.RemoteMetadataConfig;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;

/**
 * One {@code idp.remoteMetadata} source: fetch or cache → {@link SignedMetadataCheck} → the wanted
 * IdPs. Holds the IdPs of the document currently trusted and what {@code /Status} shows; the swap
 * into the registry is the {@link MetadataRefresher}'s.
 */
public final class RemoteMetadataSource {

  /** A document that passed every check, not yet in use. */
  record Candidate(
      List<IdpDescriptor> idps, byte[] xml, @Nullable Duration cacheDuration, String origin) {}

  /** What {@code /Status} shows of a source. */
  public record Status(
      String url,
      @Nullable String origin,
      @Nullable Instant loadedAt,
      @Nullable Instant lastSuccess,
      @Nullable Instant lastAttempt,
      @Nullable String lastError,
      int idps,
      @Nullable Instant nextRefresh) {}

  private final RemoteMetadataConfig config;
  private final MetadataFetcher fetcher;
  private final MetadataCacheFile cache;
  private final SignedMetadataCheck check;
  private final Clock clock;

  private volatile List<IdpDescriptor> idps = List.of();
  private volatile Status status;
  private int failures;

  public RemoteMetadataSource(
      RemoteMetadataConfig config,
      MetadataFetcher fetcher,
      SignedMetadataCheck check,
      Clock clock) {
    this.config = config;
    this.fetcher = fetcher;
    this.cache = new MetadataCacheFile(config.cacheFile());
    this.check = check;
    this.clock = clock;
    this.status = new Status(config.describe(), null, null, null, null, null, 0, null);
  }

  /** The configuration of this source. */
  public RemoteMetadataConfig config() {
    return config;
  }

  /** The IdPs of the document in use (empty before the first one). */
  public List<IdpDescriptor> idps() {
    return idps;
  }

  /** For {@code /Status}. */
  public Status status() {
    return status;
  }

  /** Fetches and checks the document. */
  Candidate fetch() throws MetadataRefused {
    byte[] xml;
    try {
      xml = fetcher.fetch();
    } catch (IOException e) {
      throw new MetadataRefused(
          "fetch failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    return candidate(xml, "url");
  }

  /** Reads and checks the cached copy. */
  Candidate fromCache() throws MetadataRefused {
    byte[] xml;
    try {
      xml = cache.read().orElseThrow(() -> new MetadataRefused("no cache file " + cache.path()));
    } catch (IOException e) {
      throw new MetadataRefused("cannot read the cache file: " + e.getMessage());
    }
    return candidate(xml, "cache");
  }

  private Candidate candidate(byte[] xml, String origin) throws MetadataRefused {
    SignedMetadataCheck.Checked checked = check.check(xml, config.cacheFile());
    List<ConfigProblem> skipped = new ArrayList<>();
    List<IdpDescriptor> found;
    try {
      found =
          IdpMetadataLoader.loadAggregate(
              checked.document(), config.cacheFile(), clock, config::wanted, skipped);
    } catch (ConfigException e) {
      throw new MetadataRefused(e.problems().get(0).message());
    }
    if (!skipped.isEmpty()) {
      MetadataRefresher.LOG.warn(
          "metadata {}: {} entit(ies) left out, first: {}",
          config.describe(),
          skipped.size(),
          skipped.get(0));
    }
    // The DOM is dropped here: only the descriptors (keys, endpoints, scopes) are kept.
    return new Candidate(found, xml, checked.cacheDuration(), origin);
  }

  /** Puts {@code candidate} in use (after the registry accepted it); returns the next delay. */
  Duration accepted(Candidate candidate) {
    Instant now = clock.instant();
    idps = List.copyOf(candidate.idps());
    failures = 0;
    if ("url".equals(candidate.origin())) {
      try {
        cache.write(candidate.xml());
      } catch (IOException e) {
        MetadataRefresher.LOG.warn(
            "metadata {}: cannot write the cache file {}: {}",
            config.describe(),
            cache.path(),
            e.toString());
      }
    }
    Duration next = bounded(candidate.cacheDuration());
    status =
        new Status(
            config.describe(),
            candidate.origin(),
            now,
            now,
            now,
            null,
            candidate.idps().size(),
            now.plus(next));
    return next;
  }

  /** Notes a refused document or failed fetch; the IdPs in use stay. Returns the retry delay. */
  Duration failed(String error) {
    Instant now = clock.instant();
    failures++;
    Duration next = config.minRefresh().multipliedBy(1L << Math.min(failures - 1, 20));
    if (next.compareTo(config.maxRefresh()) > 0) {
      next = config.maxRefresh();
    }
    Status old = status;
    status =
        new Status(
            old.url(),
            old.origin(),
            old.loadedAt(),
            old.lastSuccess(),
            now,
            error,
            old.idps(),
            now.plus(next));
    return next;
  }

  private Duration bounded(@Nullable Duration cacheDuration) {
    Duration wanted = cacheDuration == null ? config.maxRefresh() : cacheDuration;
    if (wanted.compareTo(config.minRefresh()) < 0) {
      return config.minRefresh();
    }
    return wanted.compareTo(config.maxRefresh()) > 0 ? config.maxRefresh() : wanted;
  }
}
