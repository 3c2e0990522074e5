package org.spgate.devidp;

import java.security.cert.X509Certificate;

/**
 * How the development IdP encrypts the assertion of a minted Response: for which SP certificate,
 * with which key transport and which content encryption algorithm (XML Encryption URIs).
 *
 * @param spCertificate the SP's encryption certificate (its public key wraps the content key)
 * @param keyTransportAlgorithm e.g. {@link #RSA_OAEP_MGF1P}
 * @param dataAlgorithm e.g. {@link #AES128_GCM}
 */
public record Encryption(
    X509Certificate spCertificate, String keyTransportAlgorithm, String dataAlgorithm) {

  public static final String RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
  public static final String RSA_OAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
  public static final String RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";
  public static final String AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
  public static final String AES256_GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
  public static final String AES128_CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
  public static final String AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";

  /** RSA-OAEP key transport and AES-128-GCM content encryption: the recommended default. */
  public static Encryption aesGcm(X509Certificate spCertificate) {
    return new Encryption(spCertificate, RSA_OAEP_MGF1P, AES128_GCM);
  }

  /** RSA-OAEP key transport and AES-128-CBC content (what older AD FS sends). */
  public static Encryption aesCbc(X509Certificate spCertificate) {
    return new Encryption(spCertificate, RSA_OAEP_MGF1P, AES128_CBC);
  }
}
