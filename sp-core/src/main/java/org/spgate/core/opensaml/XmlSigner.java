package org.spgate.core.opensaml;

import java.security.cert.CertificateEncodingException;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.ContentReference;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * Signs SAML objects with an enveloped signature (RSA-SHA256 and SHA-256 unless told otherwise),
 * exclusive C14N, and the certificate in KeyInfo (informational: receivers must trust their own
 * copy). Used for POST-binding AuthnRequests and by the development IdP.
 */
public final class XmlSigner {

  private XmlSigner() {}

  /** Signs {@code object} in place with RSA-SHA256 / SHA-256 and returns its marshalled element. */
  public static Element sign(SignableSAMLObject object, BasicX509Credential credential) {
    return sign(
        object,
        credential,
        SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
        SignatureConstants.ALGO_ID_DIGEST_SHA256);
  }

  /**
   * Signs {@code object} in place with the given signature and digest algorithm URIs and returns
   * its marshalled element. Weak algorithms are allowed here: the development IdP and the tests use
   * them to prove that the consumer refuses them.
   */
  public static Element sign(
      SignableSAMLObject object,
      BasicX509Credential credential,
      String signatureAlgorithm,
      String digestAlgorithm) {
    OpenSaml.init();
    Signature signature = OpenSaml.build(Signature.DEFAULT_ELEMENT_NAME);
    signature.setSigningCredential(credential);
    signature.setSignatureAlgorithm(signatureAlgorithm);
    signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
    try {
      KeyInfoSupport.addCertificate(keyInfo, credential.getEntityCertificate());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    signature.setKeyInfo(keyInfo);
    object.setSignature(signature);
    for (ContentReference reference : signature.getContentReferences()) {
      if (reference instanceof SAMLObjectContentReference saml) {
        saml.setDigestAlgorithm(digestAlgorithm);
      }
    }
    Element element = OpenSaml.marshal(object);
    try {
      Signer.signObject(signature);
    } catch (SignatureException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return element;
  }
}
