package org.spgate.core.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The identity providers spgate trusts: their metadata files and the one logins are sent to.
 *
 * @param metadata metadata files, each existing and readable
 * @param entityId the IdP to send logins to; {@code null} when the metadata should hold exactly one
 *     IdP (the metadata reader checks that)
 * @param protocol how logins are started at that IdP
 * @param remoteMetadata metadata fetched over HTTPS and refreshed (none, or any number); files and
 *     remote sources together hold at least one source
 * @param mdq Metadata Query responders asked for one IdP at a time ({@code remoteMetadata} entries
 *     with {@code mdq})
 */
public record IdpConfig(
    List<Path> metadata,
    @Nullable String entityId,
    LoginProtocol protocol,
    List<RemoteMetadataConfig> remoteMetadata,
    List<MdqConfig> mdq) {

  /** Settings without Metadata Query responders. */
  public IdpConfig(
      List<Path> metadata,
      @Nullable String entityId,
      LoginProtocol protocol,
      List<RemoteMetadataConfig> remoteMetadata) {
    this(metadata, entityId, protocol, remoteMetadata, List.of());
  }

  /** Settings with {@link LoginProtocol#AUTO}. */
  public IdpConfig(List<Path> metadata, @Nullable String entityId) {
    this(metadata, entityId, LoginProtocol.AUTO);
  }

  /** Settings with files only. */
  public IdpConfig(List<Path> metadata, @Nullable String entityId, LoginProtocol protocol) {
    this(metadata, entityId, protocol, List.of());
  }

  /** Copies the lists so the record stays immutable. */
  public IdpConfig {
    metadata = List.copyOf(metadata);
    remoteMetadata = List.copyOf(remoteMetadata);
    mdq = List.copyOf(mdq);
  }

  /** Whether any IdP comes from a remote source (a URL or a Metadata Query responder). */
  public boolean hasRemoteSources() {
    return !remoteMetadata.isEmpty() || !mdq.isEmpty();
  }
}
