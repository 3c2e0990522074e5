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
 */
public record IdpConfig(List<Path> metadata, @Nullable String entityId) {

  /** Copies the list so the record stays immutable. */
  public IdpConfig {
    metadata = List.copyOf(metadata);
  }
}
