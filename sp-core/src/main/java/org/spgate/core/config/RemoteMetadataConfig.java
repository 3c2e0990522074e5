package org.spgate.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One metadata source fetched over HTTPS ({@code idp.remoteMetadata[i]}).
 *
 * @param url the https URL of the metadata (an IdP's own, or a federation aggregate)
 * @param signingCert the certificate whose key must have signed the document; {@code null} only
 *     with {@code insecureNoSignatureCheck}
 * @param insecureNoSignatureCheck the document's signature is not checked (the operator opted out)
 * @param tlsCa PEM CA bundle the server's certificate must chain to; {@code null}: the JDK's
 *     default trust store
 * @param cacheFile where the last document that passed every check is kept, for a start-up when the
 *     URL cannot be reached
 * @param minRefresh the shortest interval between two fetches (also the first retry after a
 *     failure)
 * @param maxRefresh the longest interval between two fetches (also the longest retry back-off)
 * @param entities entityIDs to keep (empty: every IdP of the document)
 * @param maxValidity when set, the document must carry a {@code validUntil} at most this far ahead
 *     (an old signed document cannot be replayed past it); {@code null}: {@code validUntil} is
 *     checked only when present
 * @param key the key path for messages ({@code idp.remoteMetadata[0]})
 * @param line the line of the source in the configuration file
 */
public record RemoteMetadataConfig(
    URI url,
    @Nullable Path signingCert,
    boolean insecureNoSignatureCheck,
    @Nullable Path tlsCa,
    Path cacheFile,
    Duration minRefresh,
    Duration maxRefresh,
    Set<String> entities,
    @Nullable Duration maxValidity,
    String key,
    int line) {

  /** Default of {@code minRefresh}. */
  public static final Duration DEFAULT_MIN_REFRESH = Duration.ofMinutes(5);

  /** Default of {@code maxRefresh}. */
  public static final Duration DEFAULT_MAX_REFRESH = Duration.ofHours(24);

  public RemoteMetadataConfig {
    entities = Set.copyOf(entities);
  }

  /** A source with the default refresh bounds and no entity filter (tests, benchmarks). */
  public static RemoteMetadataConfig of(URI url, Path signingCert, Path tlsCa, Path cacheFile) {
    return new RemoteMetadataConfig(
        url,
        signingCert,
        false,
        tlsCa,
        cacheFile,
        DEFAULT_MIN_REFRESH,
        DEFAULT_MAX_REFRESH,
        Set.of(),
        null,
        "idp.remoteMetadata[0]",
        0);
  }

  /** Whether {@code entityId} passes the {@code entities} allow-list. */
  public boolean wanted(String entityId) {
    return entities.isEmpty() || entities.contains(entityId);
  }

  /** For status output and logs: the URL without its query. */
  public String describe() {
    return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
  }
}
