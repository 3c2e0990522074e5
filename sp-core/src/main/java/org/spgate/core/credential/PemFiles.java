package org.spgate.core.credential;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;

/**
 * Reads and writes the SP's PEM files: an X.509 certificate and an unencrypted private key in
 * PKCS#8 ({@code PRIVATE KEY}) or traditional ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY})
 * form, as openssl writes them.
 */
public final class PemFiles {

  private PemFiles() {}

  /** Loads a certificate and its key and checks that they belong together. */
  public static SpCredential load(Path certFile, Path keyFile) throws ConfigException {
    X509Certificate certificate = readCertificate(certFile);
    PrivateKey key = readPrivateKey(keyFile);
    if (!KeyPairs.matches(certificate.getPublicKey(), key)) {
      throw new ConfigException(
          new ConfigProblem(
              keyFile, 0, null, "this private key does not belong to the certificate " + certFile));
    }
    return new SpCredential(certificate, key);
  }

  /** Reads the first certificate of a PEM file. */
  public static X509Certificate readCertificate(Path file) throws ConfigException {
    Object object = readFirstObject(file);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw problem(file, "expected a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw problem(file, "unreadable certificate: " + e.getMessage());
    }
  }

  /** Reads an unencrypted private key. */
  public static PrivateKey readPrivateKey(Path file) throws ConfigException {
    Object object = readFirstObject(file);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (PEMException e) {
      throw problem(file, "unreadable private key: " + e.getMessage());
    }
    throw problem(
        file,
        "expected an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- or"
            + " -----BEGIN RSA PRIVATE KEY-----); decrypt it with openssl pkey first");
  }

  /** Writes {@code credential} as two PEM files; the key file is readable by its owner only. */
  public static void write(SpCredential credential, Path certFile, Path keyFile)
      throws IOException {
    Files.writeString(certFile, toPem(credential.certificate()), StandardCharsets.US_ASCII);
    Files.deleteIfExists(keyFile);
    Files.createFile(keyFile);
    try {
      Files.setPosixFilePermissions(
          keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the operator protects the file.
    }
    // PKCS#8 for every key type: the traditional EC form BouncyCastle writes from a JCA EC key
    // lacks the public key, and this class could not read it back.
    Files.writeString(keyFile, toPem(pkcs8(credential.privateKey())), StandardCharsets.US_ASCII);
  }

  private static Object pkcs8(java.security.PrivateKey key) {
    try {
      return new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate();
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalStateException("cannot encode the private key", e);
    }
  }

  /** PEM text of a certificate or key. */
  public static String toPem(Object object) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static Object readFirstObject(Path file) throws ConfigException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      if (object == null) {
        throw problem(file, "no PEM block found");
      }
      return object;
    } catch (IOException e) {
      throw problem(file, "cannot read PEM file: " + e.getMessage());
    }
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(new ConfigProblem(file, 0, null, message));
  }
}
