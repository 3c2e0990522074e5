package org.spgate.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;

/**
 * Verifies TLS client certificates against the configured CA bundle and CRLs (RFC 5280 path
 * validation; no OCSP, no network). The TLS handshake accepts any certificate whose key the client
 * proves it holds; this verdict, taken per connection, decides what the backend is told.
 *
 * <p>The CRL file is read again when it changes ({@link #reloadCrlIfChanged}, polled like the
 * server certificate): a CA publishes a new CRL without spgate restarting. A new file that does not
 * read, holds no CRL, or holds one no configured CA signed is logged as an error naming the file,
 * and the previous CRLs stay in force. Each successful reload counts up {@link #generation()}, so
 * that verdicts kept from before it are taken again.
 */
public final class ClientCertVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(ClientCertVerifier.class);

  /** The CRLs in force and the reload they came from. */
  private record Crls(List<X509CRL> list, long generation) {}

  private final List<X509Certificate> cas;
  private final Set<TrustAnchor> anchors;
  private final @Nullable Path crlFile;
  private final Clock clock;
  private volatile Crls crls;
  private volatile String crlStamp;

  private ClientCertVerifier(
      List<X509Certificate> cas, @Nullable Path crlFile, List<X509CRL> crls, Clock clock) {
    this.cas = List.copyOf(cas);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate ca : cas) {
      set.add(new TrustAnchor(ca, null));
    }
    this.anchors = set;
    this.crlFile = crlFile;
    this.crls = new Crls(List.copyOf(crls), 0);
    this.crlStamp = crlFile == null ? "" : stamp(crlFile);
    this.clock = clock;
  }

  /** Reads the CA bundle and the optional CRL file (PEM or DER); names the file on a problem. */
  public static ClientCertVerifier load(Path caFile, @Nullable Path crlFile, Clock clock)
      throws ConfigException {
    List<X509Certificate> cas = new ArrayList<>();
    List<X509CRL> crls = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      try (InputStream in = Files.newInputStream(caFile)) {
        factory.generateCertificates(in).forEach(c -> cas.add((X509Certificate) c));
      } catch (IOException | GeneralSecurityException e) {
        throw problem(caFile, "cannot read the CA certificates: " + e.getMessage());
      }
      if (cas.isEmpty()) {
        throw problem(caFile, "no PEM certificate found (-----BEGIN CERTIFICATE-----)");
      }
      if (crlFile != null) {
        crls.addAll(readCrls(factory, crlFile));
      }
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException("this Java runtime has no X.509 support", e);
    }
    return new ClientCertVerifier(cas, crlFile, crls, clock);
  }

  private static List<X509CRL> readCrls(CertificateFactory factory, Path crlFile)
      throws ConfigException {
    List<X509CRL> crls = new ArrayList<>();
    try (InputStream in = Files.newInputStream(crlFile)) {
      factory.generateCRLs(in).forEach(c -> crls.add((X509CRL) c));
    } catch (IOException | GeneralSecurityException e) {
      throw problem(crlFile, "cannot read the CRL: " + e.getMessage());
    }
    if (crls.isEmpty()) {
      throw problem(crlFile, "no CRL found (-----BEGIN X509 CRL-----)");
    }
    return crls;
  }

  /**
   * Reads the CRL file again if its size or modification time changed; runs on a worker thread.
   * Keeps the CRLs in force when the new file is unusable.
   */
  void reloadCrlIfChanged() {
    Path file = crlFile;
    if (file == null) {
      return;
    }
    String now = stamp(file);
    if (now.equals(crlStamp)) {
      return;
    }
    crlStamp = now;
    try {
      List<X509CRL> fresh = readCrls(CertificateFactory.getInstance("X.509"), file);
      for (X509CRL crl : fresh) {
        String problem = unsigned(crl);
        if (problem != null) {
          throw problem(file, problem);
        }
      }
      long generation = crls.generation() + 1;
      crls = new Crls(List.copyOf(fresh), generation);
      int revoked = 0;
      for (X509CRL crl : fresh) {
        revoked += crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
      }
      LOG.info(
          "client certificate CRL reloaded from {}: {} CRL(s), {} revoked certificate(s)",
          file,
          fresh.size(),
          revoked);
    } catch (ConfigException e) {
      LOG.error(
          "client certificate CRL {} not reloaded, the previous CRLs stay in force: {}",
          file.toAbsolutePath(),
          e.problems().stream().map(ConfigProblem::message).toList());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no X.509 support", e);
    }
  }

  /** Null when a configured CA of the CRL's issuer name signed it, else why not. */
  private @Nullable String unsigned(X509CRL crl) {
    for (X509Certificate ca : cas) {
      if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        try {
          crl.verify(ca.getPublicKey());
          return null;
        } catch (GeneralSecurityException e) {
          // Another CA of the same name may have signed it.
        }
      }
    }
    return "the CRL of "
        + crl.getIssuerX500Principal().getName()
        + " is not signed by a CA of the client CA bundle";
  }

  /** Counts the CRL reloads: a verdict taken under an older generation is taken again. */
  long generation() {
    return crls.generation();
  }

  private static String stamp(Path file) {
    try {
      return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /** The CAs named to clients in the handshake's certificate request. */
  X509Certificate[] acceptedIssuers() {
    return cas.toArray(new X509Certificate[0]);
  }

  /**
   * The verdict on a client's chain (leaf first): null when it verifies, else why not, in words for
   * the log (never shown to the client).
   */
  @Nullable String problemWith(X509Certificate[] chain) {
    List<X509CRL> crls = this.crls.list();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setDate(Date.from(clock.instant()));
      parameters.setRevocationEnabled(!crls.isEmpty());
      if (!crls.isEmpty()) {
        parameters.addCertStore(
            CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
      }
      CertPathValidator.getInstance("PKIX")
          .validate(factory.generateCertPath(Arrays.asList(chain)), parameters);
      return null;
    } catch (CertPathValidatorException e) {
      return e.getReason() + ": " + e.getMessage();
    } catch (GeneralSecurityException e) {
      return "cannot validate: " + e.getMessage();
    }
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException(new ConfigProblem(file.toAbsolutePath(), 0, null, message));
  }
}
