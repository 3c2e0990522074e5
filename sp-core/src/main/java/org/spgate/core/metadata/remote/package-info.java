/**
 * Metadata fetched over HTTPS: {@link org.spgate.core.metadata.remote.MetadataFetcher} (JDK HTTP
 * client, never on a server I/O thread), {@link
 * org.spgate.core.metadata.remote.SignedMetadataCheck} (root signature, {@code validUntil}, {@code
 * cacheDuration}), {@link org.spgate.core.metadata.remote.MetadataCacheFile} (last good copy,
 * written atomically) and {@link org.spgate.core.metadata.remote.MetadataRefresher}, which swaps
 * the trusted IdPs of the {@link org.spgate.core.metadata.IdpRegistry} only for a fully valid new
 * document.
 */
@NullMarked
package org.spgate.core.metadata.remote;

import org.jspecify.annotations.NullMarked;
