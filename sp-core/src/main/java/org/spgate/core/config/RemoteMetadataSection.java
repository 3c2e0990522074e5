package org.spgate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code idp.remoteMetadata}: metadata fetched over HTTPS, each source a mapping. */
final class RemoteMetadataSection {

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

  static List<RemoteMetadataConfig> read(YamlMapping idp, FileChecks files) {
    Set<String> urls = new HashSet<>();
    Set<Path> caches = new HashSet<>();
    List<RemoteMetadataConfig> sources =
        idp.mappings(
            "remoteMetadata",
            source -> {
              URI url = source.required("url", HTTPS_URL);
              Path signingCert = source.optional("signingCert", files.existingFile());
              boolean insecure = source.get("insecureNoSignatureCheck", ValueType.BOOLEAN, false);
              Path tlsCa = source.optional("tlsCa", files.existingFile());
              Path cacheFile = source.required("cacheFile", cacheFile(files));
              Duration minRefresh =
                  source.get(
                      "minRefresh",
                      Durations.type(MIN, Duration.ofDays(1)),
                      RemoteMetadataConfig.DEFAULT_MIN_REFRESH);
              Duration maxRefresh =
                  source.get(
                      "maxRefresh",
                      Durations.type(Duration.ofMinutes(1), MAX),
                      RemoteMetadataConfig.DEFAULT_MAX_REFRESH);
              List<String> entities = source.list("entities", ValueType.TEXT, List.of(), true);
              if (maxRefresh.compareTo(minRefresh) < 0) {
                source.problem(
                    "maxRefresh",
                    "must be at least minRefresh ("
                        + Durations.format(minRefresh)
                        + "), got "
                        + Durations.format(maxRefresh));
              }
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
                  minRefresh,
                  maxRefresh,
                  Set.copyOf(entities),
                  source.keyPath("").replaceAll("\\.$", ""),
                  source.line());
            });
    if (YamlNodes.isEmptyList(idp.node("remoteMetadata"))) {
      idp.problem("remoteMetadata", "expected at least one {url, signingCert, cacheFile}");
    }
    return sources;
  }

  /**
   * A file spgate writes: its directory must exist and be writable (the file itself need not exist
   * before the first successful fetch).
   */
  private static ValueType<Path> cacheFile(FileChecks files) {
    return new ValueType<>(
        "a file name in a writable directory",
        text -> {
          Path path;
          try {
            path = files.baseDir().resolve(text).normalize();
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid file name: " + ValueType.quote(text));
          }
          Path dir = path.getParent();
          if (text.isBlank() || dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                "the directory of the cache file does not exist: " + dir);
          }
          if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(
                "the directory of the cache file is not writable: " + dir);
          }
          if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("is a directory, expected a file: " + path);
          }
          return path;
        });
  }
}
