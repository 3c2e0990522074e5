package org.spgate.server.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates minted at test time: a CA, and certificates it issues (RSA or EC keys, chosen
 * validity), written as PEM files like openssl writes them.
 */
public final class TestPki {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key pair with its certificate. */
  public record Issued(X509Certificate certificate, PrivateKey key) {

    /** Writes the certificate (followed by {@code chain}) and the key as PEM files. */
    public void write(Path certFile, Path keyFile, X509Certificate... chain) throws Exception {
      StringBuilder pem = new StringBuilder(pem(certificate));
      for (X509Certificate c : chain) {
        pem.append(pem(c));
      }
      Files.writeString(certFile, pem, StandardCharsets.US_ASCII);
      Files.writeString(keyFile, pem(key), StandardCharsets.US_ASCII);
    }

    /** Writes the key in the traditional form ({@code RSA/EC PRIVATE KEY}) instead of PKCS#8. */
    public void writeTraditionalKey(Path keyFile) throws Exception {
      java.io.StringWriter out = new java.io.StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(key);
      }
      Files.writeString(keyFile, out.toString(), StandardCharsets.US_ASCII);
    }
  }

  public final Issued ca;

  /** A new CA named {@code CN=<name>}. */
  public TestPki(String name) throws Exception {
    KeyPair pair = keyPair("RSA");
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.ONE,
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(365))),
            subject,
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    ca = new Issued(sign(builder, pair.getPrivate()), pair.getPrivate());
  }

  /**
   * A certificate for {@code subjectDn} with an {@code algorithm} ("RSA" or "EC") key, valid from
   * {@code notBefore} to {@code notAfter}, with IP address {@code 127.0.0.1} as its name.
   */
  public Issued issue(String subjectDn, String algorithm, Instant notBefore, Instant notAfter)
      throws Exception {
    return issue(subjectDn, algorithm, notBefore, notAfter, new String[0]);
  }

  /**
   * An RSA certificate valid from yesterday for a year whose subject alternative names also hold
   * {@code emails} as rfc822Names.
   */
  public Issued issueWithEmails(String subjectDn, String... emails) throws Exception {
    Instant now = Instant.now();
    return issue(
        subjectDn, "RSA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), emails);
  }

  private Issued issue(
      String subjectDn, String algorithm, Instant notBefore, Instant notAfter, String[] emails)
      throws Exception {
    KeyPair pair = keyPair(algorithm);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            new BigInteger(64, RANDOM),
            Date.from(notBefore),
            Date.from(notAfter),
            // Through X500Principal: RFC 4514 order (the last RDN is the DER's first).
            X500Name.getInstance(
                new javax.security.auth.x500.X500Principal(subjectDn).getEncoded()),
            pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(emails)));
    return new Issued(sign(builder, ca.key()), pair.getPrivate());
  }

  private static GeneralName[] names(String[] emails) {
    GeneralName[] names = new GeneralName[emails.length + 1];
    names[0] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
    for (int i = 0; i < emails.length; i++) {
      names[i + 1] = new GeneralName(GeneralName.rfc822Name, emails[i]);
    }
    return names;
  }

  /** A certificate valid from yesterday for a year. */
  public Issued issue(String subjectDn, String algorithm) throws Exception {
    Instant now = Instant.now();
    return issue(
        subjectDn, algorithm, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
  }

  /** A fresh client TLS context trusting only this CA (fresh: no resumable sessions). */
  public SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** A CRL of this CA revoking {@code serials}, written as PEM. */
  public void writeCrl(Path file, java.math.BigInteger... serials) throws Exception {
    Instant now = Instant.now();
    org.bouncycastle.cert.X509v2CRLBuilder builder =
        new org.bouncycastle.cert.X509v2CRLBuilder(
            new X500Name(ca.certificate().getSubjectX500Principal().getName()),
            Date.from(now.minus(Duration.ofHours(1))));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
    for (java.math.BigInteger serial : serials) {
      builder.addCRLEntry(
          serial,
          Date.from(now.minus(Duration.ofMinutes(30))),
          org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
    }
    java.security.cert.X509CRL crl =
        new org.bouncycastle.cert.jcajce.JcaX509CRLConverter()
            .getCRL(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.key())));
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(crl);
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
  }

  /**
   * A fresh client TLS context trusting this CA and presenting {@code client} whatever CAs the
   * server names (so that a certificate of another CA is sent, not silently left out).
   */
  public SSLContext clientContext(Issued client) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    X509Certificate[] chain = {client.certificate()};
    javax.net.ssl.X509ExtendedKeyManager keys =
        new javax.net.ssl.X509ExtendedKeyManager() {
          @Override
          public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"client"};
          }

          @Override
          public String chooseClientAlias(
              String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return "client";
          }

          @Override
          public String chooseEngineClientAlias(
              String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) {
            return "client";
          }

          @Override
          public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
          }

          @Override
          public String chooseServerAlias(
              String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
          }

          @Override
          public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
          }

          @Override
          public PrivateKey getPrivateKey(String alias) {
            return client.key();
          }
        };
    context.init(new javax.net.ssl.KeyManager[] {keys}, trustThisCa().getTrustManagers(), null);
    return context;
  }

  private TrustManagerFactory trustThisCa() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return factory;
  }

  private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    } else {
      generator.initialize(2048, RANDOM);
    }
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }

  /** PEM text of a certificate or key (a key in PKCS#8 form, as openssl genpkey writes it). */
  public static String pem(Object object) throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          object instanceof PrivateKey key
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate()
              : object);
    }
    return out.toString();
  }
}
