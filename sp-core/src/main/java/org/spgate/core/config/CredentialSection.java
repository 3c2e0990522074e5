package org.spgate.core.config;

import java.nio.file.Path;
import java.util.List;

/** Reads the {@code credentials} list into {@link CredentialConfig}s. */
final class CredentialSection {

  private CredentialSection() {}

  /** The key pairs; empty when absent (the server then generates an ephemeral key and warns). */
  static List<CredentialConfig> read(YamlMapping root, FileChecks files) {
    return root.mappings(
        "credentials",
        entry -> {
          Path cert = entry.required("cert", files.existingFile());
          Path key = entry.required("key", files.existingFile());
          return cert == null || key == null ? null : new CredentialConfig(cert, key);
        });
  }
}
