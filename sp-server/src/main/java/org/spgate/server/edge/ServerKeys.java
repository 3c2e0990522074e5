package org.spgate.server.edge;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;

/**
 * The TLS server's certificate chain and private key, read from PEM files and checked to belong
 * together, so that a wrong file stops start-up (or is refused at reload) with a message naming it.
 *
 * @param chain the server certificate first, then its intermediates
 * @param key the private key of {@code chain[0]}
 */
public record ServerKeys(List<X509Certificate> chain, PrivateKey key) {

  public ServerKeys {
    chain = List.copyOf(chain);
  }

  /** Reads and checks the chain file and the key file. */
  public static ServerKeys load(Path certFile, Path keyFile) throws ConfigException {
    List<X509Certificate> chain = readChain(certFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (!KeyPairs.matches(chain.get(0).getPublicKey(), key)) {
      throw problem(
          keyFile,
          "this private key does not belong to the first certificate of "
              + certFile.toAbsolutePath());
    }
    return new ServerKeys(chain, key);
  }

  private static List<X509Certificate> readChain(Path file) throws ConfigException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw problem(
              file,
              "expected only PEM certificates (-----BEGIN CERTIFICATE-----), found "
                  + object.getClass().getSimpleName()
                  + " in block "
                  + (chain.size() + 1));
        }
        chain.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException | CertificateException e) {
      throw problem(file, "cannot read the PEM certificate chain: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw problem(file, "no PEM certificate found (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(new ConfigProblem(file.toAbsolutePath(), 0, null, message));
  }
}
