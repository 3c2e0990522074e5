package org.spgate.core.credential;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.opensaml.security.x509.BasicX509Credential;

/**
 * One key pair of the SP with its certificate: signs AuthnRequests, decrypts assertions, and is
 * published in the SP metadata.
 */
public record SpCredential(X509Certificate certificate, PrivateKey privateKey) {

  /** The OpenSAML view of this credential. */
  public BasicX509Credential toOpenSaml() {
    BasicX509Credential credential = new BasicX509Credential(certificate, privateKey);
    return credential;
  }
}
