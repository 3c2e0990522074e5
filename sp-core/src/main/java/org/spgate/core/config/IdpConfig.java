package org.spgate.core.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The identity providers spgate trusts: their metadata files and the one logins are sent to.
 *
 * @param metadata metadata files (at least one), each existing and readable
 * @param entityId the IdP to send logins to; {@code null} when the metadata should hold exactly one
 *     IdP (the metadata reader checks that)
 * @param protocol how logins are started at that IdP
 */
public record IdpConfig(List<Path> metadata, @Nullable String entityId, LoginProtocol protocol) {

  /** Settings with {@link LoginProtocol#AUTO}. */
  public IdpConfig(List<Path> metadata, @Nullable String entityId) {
    this(metadata, entityId, LoginProtocol.AUTO);
  }

  /** Copies the list so the record stays immutable. */
  public IdpConfig {
    metadata = List.copyOf(metadata);
  }
}
