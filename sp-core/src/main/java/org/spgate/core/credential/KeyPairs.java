package org.spgate.core.credential;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pair generation and self-signed certificates, for {@code keygen}, the demo and tests. */
public final class KeyPairs {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairs() {}

  /** A new RSA key pair with a self-signed certificate for {@code commonName}. */
  public static SpCredential selfSigned(
      String commonName, int rsaBits, Instant notBefore, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(rsaBits, RANDOM);
      return certify(generator.generateKeyPair(), "SHA256withRSA", commonName, notBefore, validity);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a key pair", e);
    }
  }

  /** A new EC P-256 key pair with a self-signed certificate for {@code commonName}. */
  public static SpCredential selfSignedEcP256(
      String commonName, Instant notBefore, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return certify(
          generator.generateKeyPair(), "SHA256withECDSA", commonName, notBefore, validity);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a key pair", e);
    }
  }

  private static SpCredential certify(
      KeyPair pair, String algorithm, String commonName, Instant notBefore, Duration validity)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=" + commonName.replaceAll("[,+=\"\\\\<>;]", "_"));
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, RANDOM),
            Date.from(notBefore),
            Date.from(notBefore.plus(validity)),
            name,
            pair.getPublic());
    try {
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
      return new SpCredential(certificate, pair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  /** Whether {@code key} is the private half of {@code publicKey}. */
  public static boolean matches(PublicKey publicKey, PrivateKey key) {
    if (publicKey instanceof RSAPublicKey rsa && key instanceof RSAPrivateCrtKey crt) {
      return rsa.getModulus().equals(crt.getModulus());
    }
    try {
      // Other key types: sign a challenge and verify it.
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
