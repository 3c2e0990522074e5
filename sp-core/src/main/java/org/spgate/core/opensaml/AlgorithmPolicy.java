package org.spgate.core.opensaml;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.Set;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The signature and digest algorithms spgate accepts, enforced on {@code SignedInfo} before any
 * cryptography runs (OpenSAML 4.0.1 applies no algorithm policy to assertion signatures).
 *
 * <p>Allowed: RSA (PKCS#1 v1.5 and PSS) and ECDSA with SHA-256/384/512; digests SHA-256/384/512.
 * Refused: HMAC signature methods of any kind (a public key used as an HMAC secret is the classic
 * algorithm confusion), MD5, and SHA-1 unless {@code allowSha1} (legacy IdPs, logged at start). RSA
 * keys shorter than 2048 bits are refused.
 */
public final class AlgorithmPolicy {

  static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
  static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
  static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
  public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
  public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

  private static final Set<String> STRONG_SIGNATURES =
      Set.of(
          RSA_SHA256,
          "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
          "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
          "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
          "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
          "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
          "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
          "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
          "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
  private static final Set<String> STRONG_DIGESTS =
      Set.of(
          SHA256,
          "http://www.w3.org/2001/04/xmldsig-more#sha384",
          "http://www.w3.org/2001/04/xmlenc#sha512");

  private final Set<String> signatures;
  private final Set<String> digests;

  public AlgorithmPolicy(boolean allowSha1) {
    Set<String> s = new HashSet<>(STRONG_SIGNATURES);
    Set<String> d = new HashSet<>(STRONG_DIGESTS);
    if (allowSha1) {
      s.add(RSA_SHA1);
      d.add(SHA1);
    }
    this.signatures = Set.copyOf(s);
    this.digests = Set.copyOf(d);
  }

  /** Whether the policy accepts an HTTP-Redirect binding {@code SigAlg}. */
  public boolean acceptsSignatureAlgorithm(String algorithm) {
    return signatures.contains(algorithm);
  }

  /** Refuses {@code signatureElement} unless every algorithm in its SignedInfo is allowed. */
  void check(Element signatureElement) throws Rejection {
    Element signedInfo = child(signatureElement, "SignedInfo");
    if (signedInfo == null) {
      throw new Rejection(Reason.SIGNATURE_PROFILE, "Signature has no SignedInfo");
    }
    Element method = child(signedInfo, "SignatureMethod");
    String algorithm = method == null ? "" : method.getAttribute("Algorithm");
    if (!signatures.contains(algorithm)) {
      throw new Rejection(Reason.WEAK_ALGORITHM, "signature algorithm not allowed: " + algorithm);
    }
    if (child(method, "HMACOutputLength") != null) {
      throw new Rejection(Reason.WEAK_ALGORITHM, "HMACOutputLength is not allowed");
    }
    for (Node n = signedInfo.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element reference && "Reference".equals(reference.getLocalName())) {
        Element digest = child(reference, "DigestMethod");
        String digestAlgorithm = digest == null ? "" : digest.getAttribute("Algorithm");
        if (!digests.contains(digestAlgorithm)) {
          throw new Rejection(
              Reason.WEAK_ALGORITHM, "digest algorithm not allowed: " + digestAlgorithm);
        }
      }
    }
  }

  /** Refuses keys too weak to trust, whatever the metadata says. */
  public void checkKey(PublicKey key) throws Rejection {
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      throw new Rejection(
          Reason.WEAK_ALGORITHM, "RSA key of " + rsa.getModulus().bitLength() + " bits < 2048");
    }
  }

  private static Element child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && DSIG.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }
}
