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
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;

/**
 * Verifies TLS client certificates against the configured CA bundle and CRLs (RFC 5280 path
 * validation; no OCSP, no network). The TLS handshake accepts any certificate whose key the client
 * proves it holds; this verdict, taken per connection, decides what the backend is told.
 */
public final class ClientCertVerifier {

  private final List<X509Certificate> cas;
  private final Set<TrustAnchor> anchors;
  private final List<X509CRL> crls;
  private final Clock clock;

  private ClientCertVerifier(List<X509Certificate> cas, List<X509CRL> crls, Clock clock) {
    this.cas = List.copyOf(cas);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate ca : cas) {
      set.add(new TrustAnchor(ca, null));
    }
    this.anchors = set;
    this.crls = List.copyOf(crls);
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
        try (InputStream in = Files.newInputStream(crlFile)) {
          factory.generateCRLs(in).forEach(c -> crls.add((X509CRL) c));
        } catch (IOException | GeneralSecurityException e) {
          throw problem(crlFile, "cannot read the CRL: " + e.getMessage());
        }
        if (crls.isEmpty()) {
          throw problem(crlFile, "no CRL found (-----BEGIN X509 CRL-----)");
        }
      }
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException("this Java runtime has no X.509 support", e);
    }
    return new ClientCertVerifier(cas, crls, clock);
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
