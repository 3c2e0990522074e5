package org.spgate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code idp.remoteMetadata}: metadata fetched over HTTPS, each source a mapping: a document
 * at a {@code url}, or a Metadata Query responder at an {@code mdq} base URL.
 */
final class RemoteMetadataSection {

  /** The sources read: documents by URL, and Metadata Query responders. */
  record Sources(List<RemoteMetadataConfig> urls, List<MdqConfig> mdq) {}

  static final Duration MIN = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofDays(30);

  private static final ValueType<URI> HTTPS_URL =
      new ValueType<>(
          "an https URL",
          text -> {
            URI url;
            try {
              url = new URI(text);
            } catch (URISyntaxException e) {
              throw new IllegalArgumentException(
                  "expected an https URL, got " + ValueType.quote(text));
            }
            if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
              throw new IllegalArgumentException(
                  "expected an https URL (metadata is never fetched over plain http), got "
                      + ValueType.quote(text));
            }
            if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
              throw new IllegalArgumentException(
                  "expected an https URL without user info or fragment, got "
                      + ValueType.quote(text));
            }
            return url;
          });

  private RemoteMetadataSection() {}

  static Sources read(YamlMapping idp, FileChecks files) {
    Set<String> urls = new HashSet<>();
    Set<Path> caches = new HashSet<>();
    List<MdqConfig> mdq = new ArrayList<>();
    List<RemoteMetadataConfig> sources =
        idp.mappings(
            "remoteMetadata",
            source -> {
              if (source.node("mdq") != null) {
                if (source.node("url") != null) {
                  source.problem(
                      "mdq",
                      "a source has either url (one document) or mdq (a Metadata Query"
                          + " responder), not both");
                }
                if (!mdq.isEmpty()) {
                  source.problem(
                      "mdq", "only one mdq source is supported; keep the federation's responder");
                }
                MdqConfig responder = mdq(source, files);
                if (responder != null && mdq.isEmpty()) {
                  mdq.add(responder);
                }
                return null;
              }
              URI url = source.required("url", HTTPS_URL);
              Path signingCert = source.optional("signingCert", files.existingFile());
              boolean insecure = source.get("insecureNoSignatureCheck", ValueType.BOOLEAN, false);
              Path tlsCa = source.optional("tlsCa", files.existingFile());
              Path cacheFile = source.required("cacheFile", cacheFile(files));
              RefreshBounds refresh = refreshBounds(source);
              List<String> entities = source.list("entities", ValueType.TEXT, List.of(), true);
              Duration maxValidity = source.optional("maxValidity", Durations.type(MIN, MAX));
              if (signingCert == null && !insecure && source.node("signingCert") == null) {
                source.problem(
                    "signingCert",
                    "required key is missing; expected the PEM certificate whose key signs this"
                        + " metadata (anyone who can change the document on its way could"
                        + " otherwise add an IdP); only if the document is really unsigned set"
                        + " insecureNoSignatureCheck: true");
              }
              if (signingCert != null && insecure) {
                source.problem(
                    "insecureNoSignatureCheck",
                    "contradicts signingCert: remove insecureNoSignatureCheck to have the"
                        + " signature checked");
              }
              if (url != null && !urls.add(url.toString())) {
                source.problem("url", "the same URL is listed twice");
              }
              if (cacheFile != null && !caches.add(cacheFile)) {
                source.problem(
                    "cacheFile", "the same cache file is used by two sources: " + cacheFile);
              }
              if (url == null
                  || refresh == null
                  || cacheFile == null
                  || (signingCert == null && !insecure)
                  || (signingCert != null && insecure)) {
                return null;
              }
              return new RemoteMetadataConfig(
                  url,
                  signingCert,
                  insecure,
                  tlsCa,
                  cacheFile,
                  refresh.min(),
                  refresh.max(),
                  Set.copyOf(entities),
                  maxValidity,
                  source.keyPath("").replaceAll("\\.$", ""),
                  source.line());
            });
    if (YamlNodes.isEmptyList(idp.node("remoteMetadata"))) {
      idp.problem("remoteMetadata", "expected at least one {url, signingCert, cacheFile}");
    }
    return new Sources(sources, mdq);
  }

  /** How often a source is fetched again: {@code cacheDuration} is kept between the two. */
  private record RefreshBounds(Duration min, Duration max) {}

  /** A source's {@code minRefresh} and {@code maxRefresh}; null (reported) when max < min. */
  private static @Nullable RefreshBounds refreshBounds(YamlMapping source) {
    Duration min =
        source.get(
            "minRefresh",
            Durations.type(MIN, Duration.ofDays(1)),
            RemoteMetadataConfig.DEFAULT_MIN_REFRESH);
    Duration max =
        source.get(
            "maxRefresh",
            Durations.type(Duration.ofMinutes(1), MAX),
            RemoteMetadataConfig.DEFAULT_MAX_REFRESH);
    if (max.compareTo(min) < 0) {
      source.problem(
          "maxRefresh",
          "must be at least minRefresh ("
              + Durations.format(min)
              + "), got "
              + Durations.format(max));
      return null;
    }
    return new RefreshBounds(min, max);
  }

  /** A Metadata Query responder; null (with the problems reported) when it is wrong. */
  private static @Nullable MdqConfig mdq(YamlMapping source, FileChecks files) {
    URI base = source.required("mdq", HTTPS_URL);
    Path signingCert = source.optional("signingCert", files.existingFile());
    if (signingCert == null && source.node("signingCert") == null) {
      source.problem(
          "signingCert",
          "required key is missing; expected the PEM certificate whose key signs the responder's"
              + " documents (a Metadata Query answer is trusted only when signed)");
    }
    Path tlsCa = source.optional("tlsCa", files.existingFile());
    int maxEntities =
        source
            .get(
                "maxEntities",
                ValueType.integer(1, 1_000_000),
                (long) MdqConfig.DEFAULT_MAX_ENTITIES)
            .intValue();
    Duration notFoundTtl =
        source.get("notFoundTtl", Durations.type(MIN, MAX), MdqConfig.DEFAULT_NOT_FOUND_TTL);
    RefreshBounds refresh = refreshBounds(source);
    int fetchesPerMinute =
        source
            .get(
                "fetchesPerMinute",
                ValueType.integer(1, 100_000),
                (long) MdqConfig.DEFAULT_FETCHES_PER_MINUTE)
            .intValue();
    Duration maxValidity = source.optional("maxValidity", Durations.type(MIN, MAX));
    if (refresh == null || base == null || signingCert == null) {
      return null;
    }
    return new MdqConfig(
        base,
        signingCert,
        tlsCa,
        maxEntities,
        notFoundTtl,
        refresh.min(),
        refresh.max(),
        fetchesPerMinute,
        maxValidity,
        source.keyPath("").replaceAll("\\.$", ""),
        source.line());
  }

  /**
   * A file spgate writes: its directory must exist and be writable (the file itself need not exist
   * before the first successful fetch).
   */
  private static ValueType<Path> cacheFile(FileChecks files) {
    return files.writableFile("cache file");
  }
}
