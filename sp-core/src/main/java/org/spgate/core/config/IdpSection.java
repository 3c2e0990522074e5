package org.spgate.core.config;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the {@code idp} section into an {@link IdpConfig}. */
final class IdpSection {

  private static final ValueType<LoginProtocol> PROTOCOL = ValueType.oneOf(protocols());

  private IdpSection() {}

  private static java.util.Map<String, LoginProtocol> protocols() {
    java.util.Map<String, LoginProtocol> values = new java.util.LinkedHashMap<>();
    values.put("auto", LoginProtocol.AUTO);
    values.put("saml2", LoginProtocol.SAML2);
    values.put("wsfed", LoginProtocol.WSFED);
    return values;
  }

  /** The IdP settings, or null when the section is missing or wrong (then reported). */
  static @Nullable IdpConfig read(YamlMapping root, FileChecks files) {
    if (root.node("idp") == null) {
      root.problem(
          "idp", "required key is missing; expected a mapping with metadata: <IdP metadata file>");
      return null;
    }
    YamlMapping idp = root.mapping("idp");
    RemoteMetadataSection.Sources remote = RemoteMetadataSection.read(idp, files);
    List<Path> metadata = List.of();
    if (idp.node("metadata") == null) {
      if (idp.node("remoteMetadata") == null) {
        idp.problem(
            "metadata",
            "required key is missing; expected a metadata file or a list of them (or"
                + " remoteMetadata: a list of {url, signingCert, cacheFile})");
      }
    } else {
      metadata = idp.list("metadata", metadataFile(files), List.of(), true);
      if (YamlNodes.isEmptyList(idp.node("metadata"))) {
        idp.problem("metadata", "expected at least one metadata file, got an empty list");
      }
    }
    String entityId = idp.optional("entityId", ValueType.TEXT);
    LoginProtocol protocol = idp.get("protocol", PROTOCOL, LoginProtocol.AUTO);
    if (entityId == null && !remote.mdq().isEmpty()) {
      idp.problem(
          "entityId",
          "required with an mdq source: a Metadata Query responder is asked for one IdP at a"
              + " time, so spgate must be told which one logins go to");
    }
    idp.finish();
    return new IdpConfig(metadata, entityId, protocol, remote.urls(), remote.mdq());
  }

  /**
   * A metadata file; a URL here gets a pointer to {@code remoteMetadata} rather than "not found".
   */
  private static ValueType<Path> metadataFile(FileChecks files) {
    ValueType<Path> file = files.existingFile();
    return new ValueType<>(
        file.expected(),
        text -> {
          if (text.startsWith("https://") || text.startsWith("http://")) {
            throw new IllegalArgumentException(
                "a URL is a remote source: list it under idp.remoteMetadata as {url: "
                    + text
                    + ", signingCert: <PEM certificate of the metadata signer>, cacheFile:"
                    + " <file in the state directory>}");
          }
          return file.parse(text);
        });
  }
}
