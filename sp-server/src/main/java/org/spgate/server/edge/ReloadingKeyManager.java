package org.spgate.server.edge;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;

/**
 * The TLS server's key manager, swapped for a new one when the PEM files change: each handshake
 * asks the current one, so new connections get the new certificate and open ones keep theirs.
 *
 * <p>A changed file that does not load (a half-written key, a key of another certificate) is logged
 * and the old certificate kept; the next change is tried again.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
  private static final char[] IN_MEMORY_PASSWORD = "spgate".toCharArray();

  private final Path certFile;
  private final Path keyFile;
  private volatile X509ExtendedKeyManager current;
  private volatile List<Object> stamp;

  ReloadingKeyManager(Path certFile, Path keyFile, ServerKeys keys) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.current = managerFor(keys);
    this.stamp = stamp();
  }

  /** Reloads the files if their size or modification time changed; runs on a worker thread. */
  void reloadIfChanged() {
    List<Object> now = stamp();
    if (now.equals(stamp)) {
      return;
    }
    stamp = now;
    try {
      ServerKeys keys = ServerKeys.load(certFile, keyFile);
      current = managerFor(keys);
      LOG.info(
          "TLS certificate reloaded from {}: {} (valid until {})",
          certFile,
          keys.chain().get(0).getSubjectX500Principal().getName(),
          keys.chain().get(0).getNotAfter().toInstant());
    } catch (ConfigException e) {
      LOG.warn("TLS certificate not reloaded, keeping the previous one: {}", e.getMessage());
    }
  }

  private List<Object> stamp() {
    return List.of(fileStamp(certFile), fileStamp(keyFile));
  }

  private static String fileStamp(Path file) {
    try {
      return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    } catch (IOException e) {
      return "unreadable";
    }
  }

  static X509ExtendedKeyManager managerFor(ServerKeys keys) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", keys.key(), IN_MEMORY_PASSWORD, keys.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
      factory.init(store, IN_MEMORY_PASSWORD);
      return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS key manager", e);
    }
  }

  @Override
  public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    return current.getClientAliases(keyType, issuers);
  }

  @Override
  public @Nullable String chooseClientAlias(
      String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return current.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    return current.getServerAliases(keyType, issuers);
  }

  @Override
  public @Nullable String chooseServerAlias(
      String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return current.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    return current.getCertificateChain(alias);
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    return current.getPrivateKey(alias);
  }

  @Override
  public @Nullable String chooseEngineClientAlias(
      String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return current.chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public @Nullable String chooseEngineServerAlias(
      String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return current.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String toString() {
    return "ReloadingKeyManager[" + Objects.toString(certFile) + "]";
  }
}
