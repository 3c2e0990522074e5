package org.spgate.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Metadata Query Protocol responder ({@code idp.remoteMetadata[i]} with {@code mdq}): the
 * metadata of one IdP at a time, fetched when spgate first meets its entityID.
 *
 * @param baseUrl the responder's https base URL; an entity is at {@code {base}/entities/{id}}
 * @param signingCert the certificate whose key must have signed every entity document
 * @param tlsCa PEM CA bundle the responder's certificate must chain to; {@code null}: the JDK's
 *     default trust store
 * @param maxEntities how many entityIDs (found or not) are remembered at most
 * @param notFoundTtl how long an entityID the responder did not know (404) or whose document was
 *     refused is not asked for again
 * @param minRefresh the shortest time an entity document is kept before it is fetched again
 * @param maxRefresh the longest time an entity document is kept (its {@code cacheDuration} is kept
 *     between the two; its {@code validUntil} always ends it)
 * @param fetchesPerMinute how many entities not yet remembered are fetched per minute at most
 * @param maxValidity how far ahead an answer's {@code validUntil} (always required) may lie at
 *     most, or {@code null} for no bound
 * @param key the key path for messages ({@code idp.remoteMetadata[1]})
 * @param line the line of the source in the configuration file
 */
public record MdqConfig(
    URI baseUrl,
    Path signingCert,
    @org.jspecify.annotations.Nullable Path tlsCa,
    int maxEntities,
    Duration notFoundTtl,
    Duration minRefresh,
    Duration maxRefresh,
    int fetchesPerMinute,
    @org.jspecify.annotations.Nullable Duration maxValidity,
    String key,
    int line) {

  /** Default of {@code maxEntities}. */
  public static final int DEFAULT_MAX_ENTITIES = 1_000;

  /** Default of {@code notFoundTtl}. */
  public static final Duration DEFAULT_NOT_FOUND_TTL = Duration.ofMinutes(10);

  /** Default of {@code fetchesPerMinute}. */
  public static final int DEFAULT_FETCHES_PER_MINUTE = 60;

  /** A responder with the default bounds (tests). */
  public static MdqConfig of(URI baseUrl, Path signingCert, Path tlsCa) {
    return new MdqConfig(
        baseUrl,
        signingCert,
        tlsCa,
        DEFAULT_MAX_ENTITIES,
        DEFAULT_NOT_FOUND_TTL,
        RemoteMetadataConfig.DEFAULT_MIN_REFRESH,
        RemoteMetadataConfig.DEFAULT_MAX_REFRESH,
        DEFAULT_FETCHES_PER_MINUTE,
        null,
        "idp.remoteMetadata[0]",
        0);
  }

  /** For logs: the base URL without its query. */
  public String describe() {
    return baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + baseUrl.getRawPath();
  }
}
