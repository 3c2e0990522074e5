package org.spgate.server.edge;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS listener's trust manager: asks clients for a certificate issued by the configured CAs and
 * lets the handshake complete whatever they send (the handshake still checks that the client holds
 * the certificate's key). {@link ClientCertVerifier} then decides per route, so that an expired or
 * unknown certificate gets a 403 page with a reason code rather than a TLS alert the browser shows
 * as "connection failed", and routes without client certificates stay reachable.
 */
final class DeferredClientTrust extends X509ExtendedTrustManager {

  private final X509Certificate[] issuers;

  DeferredClientTrust(ClientCertVerifier verifier) {
    this.issuers = verifier.acceptedIssuers();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("spgate's listener does not act as a TLS client");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return issuers.clone();
  }
}
