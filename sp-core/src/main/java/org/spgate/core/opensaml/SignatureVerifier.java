package org.spgate.core.opensaml;

import java.security.PublicKey;
import java.util.List;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Verifies the enveloped XML signature of one SAML object (Response, Assertion, SAML 1.1 Assertion)
 * against the IdP's metadata keys, and nothing else.
 *
 * <p>Order, each step a gate for the next: (1) our algorithm allow-list on SignedInfo; (2) the SAML
 * signature profile (OpenSAML's {@link SAMLSignatureProfileValidator}: the Signature is a child of
 * the signed object, exactly one Reference, URI empty or {@code #ID} of that object, the ID
 * resolves to that same node, only enveloped + exclusive C14N transforms) — this is what makes the
 * signed element and the element whose values we read the same node; (3) Santuario's cryptographic
 * check with secure validation explicitly on and no resource resolvers registered, against each
 * trusted key in turn. A key or certificate in the message's KeyInfo is never used: trust is
 * explicit-key only.
 */
public final class SignatureVerifier {

  private final AlgorithmPolicy algorithms;
  private final SAMLSignatureProfileValidator profile = new SAMLSignatureProfileValidator();

  public SignatureVerifier(AlgorithmPolicy algorithms) {
    this.algorithms = algorithms;
  }

  /**
   * Applies the algorithm allow-list to every {@code ds:Signature} in {@code document}, before
   * OpenSAML unmarshals it (its unmarshaller already instantiates Santuario's XMLSignature, which
   * would refuse MD5 with an unspecific error rather than {@link Reason#WEAK_ALGORITHM}).
   */
  public void checkAlgorithms(Document document) throws Rejection {
    NodeList signatures = document.getElementsByTagNameNS(AlgorithmPolicy.DSIG, "Signature");
    for (int i = 0; i < signatures.getLength(); i++) {
      algorithms.check((Element) signatures.item(i));
    }
  }

  /**
   * Verifies {@code signed}'s signature with one of {@code trustedKeys}.
   *
   * @throws Rejection when the object is unsigned, or the signature breaks the policy or the
   *     profile, or verifies with no trusted key
   */
  public void verify(SignableSAMLObject signed, List<PublicKey> trustedKeys) throws Rejection {
    Signature signature = signed.getSignature();
    if (signature == null || signature.getDOM() == null) {
      throw new Rejection(Reason.UNSIGNED, signed.getElementQName().getLocalPart() + " unsigned");
    }
    Element element = signature.getDOM();
    algorithms.check(element);
    try {
      profile.validate(signature);
    } catch (SignatureException e) {
      throw new Rejection(Reason.SIGNATURE_PROFILE, "signature profile: " + e.getMessage());
    }
    XMLSignature xmlSignature;
    try {
      xmlSignature = new XMLSignature(element, "", true);
    } catch (XMLSecurityException | RuntimeException e) {
      throw new Rejection(Reason.SIGNATURE_PROFILE, "unreadable signature: " + e.getMessage());
    }
    for (PublicKey key : trustedKeys) {
      algorithms.checkKey(key);
      try {
        if (xmlSignature.checkSignatureValue(key)) {
          return;
        }
      } catch (XMLSecurityException | RuntimeException e) {
        // A wrong key type for the algorithm, or a broken reference: try the next key; if none
        // verifies, the result is the same rejection.
      }
    }
    throw new Rejection(
        Reason.SIGNATURE_INVALID,
        signed.getElementQName().getLocalPart()
            + " signature does not verify with any of the "
            + trustedKeys.size()
            + " metadata key(s) of the issuer");
  }

  private static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
  private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
  private static final String EXC_C14N_COMMENTS = EXC_C14N + "WithComments";

  /**
   * Verifies the enveloped signature of a whole document (signed federation metadata) with one of
   * {@code trustedKeys}: the signature must be a direct child of the root element, with exactly one
   * Reference whose URI is empty or {@code #} and the root's {@code ID} (IDs unique in the
   * document, so that reference can only mean the root), only enveloped and exclusive C14N
   * transforms, allowed algorithms, and a value that verifies. Signatures deeper in the document
   * are neither required nor trusted.
   */
  public void verifyDocument(Document document, List<PublicKey> trustedKeys) throws Rejection {
    Element root = document.getDocumentElement();
    Element signature = null;
    for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && AlgorithmPolicy.DSIG.equals(e.getNamespaceURI())
          && "Signature".equals(e.getLocalName())) {
        if (signature != null) {
          throw new Rejection(Reason.SIGNATURE_PROFILE, "two signatures on the root element");
        }
        signature = e;
      }
    }
    if (signature == null) {
      throw new Rejection(Reason.UNSIGNED, root.getLocalName() + " unsigned");
    }
    algorithms.check(signature);
    IdUniqueness.check(document);
    String id = root.getAttribute("ID");
    if (!id.isEmpty()) {
      root.setIdAttributeNS(null, "ID", true);
    }
    checkRootReference(signature, id);
    org.apache.xml.security.Init.init();
    XMLSignature xmlSignature;
    try {
      xmlSignature = new XMLSignature(signature, "", true);
    } catch (XMLSecurityException | RuntimeException e) {
      throw new Rejection(Reason.SIGNATURE_PROFILE, "unreadable signature: " + e.getMessage());
    }
    for (PublicKey key : trustedKeys) {
      algorithms.checkKey(key);
      try {
        if (xmlSignature.checkSignatureValue(key)) {
          return;
        }
      } catch (XMLSecurityException | RuntimeException e) {
        // As in verify: the next key, and the same rejection if none verifies.
      }
    }
    throw new Rejection(
        Reason.SIGNATURE_INVALID,
        root.getLocalName()
            + " signature does not verify with any of the "
            + trustedKeys.size()
            + " configured key(s)");
  }

  private static void checkRootReference(Element signature, String rootId) throws Rejection {
    NodeList references = signature.getElementsByTagNameNS(AlgorithmPolicy.DSIG, "Reference");
    if (references.getLength() != 1) {
      throw new Rejection(
          Reason.SIGNATURE_PROFILE,
          "expected exactly one Reference, found " + references.getLength());
    }
    Element reference = (Element) references.item(0);
    if (!(reference.getParentNode() instanceof Element parent)
        || !"SignedInfo".equals(parent.getLocalName())
        || parent.getParentNode() != signature) {
      throw new Rejection(Reason.SIGNATURE_PROFILE, "Reference outside SignedInfo");
    }
    String uri = reference.getAttribute("URI");
    boolean coversRoot = uri.isEmpty() || (!rootId.isEmpty() && uri.equals("#" + rootId));
    if (!coversRoot) {
      throw new Rejection(
          Reason.SIGNATURE_PROFILE, "the Reference '" + uri + "' does not cover the root element");
    }
    NodeList transforms = reference.getElementsByTagNameNS(AlgorithmPolicy.DSIG, "Transform");
    for (int i = 0; i < transforms.getLength(); i++) {
      String algorithm = ((Element) transforms.item(i)).getAttribute("Algorithm");
      if (!ENVELOPED.equals(algorithm)
          && !EXC_C14N.equals(algorithm)
          && !EXC_C14N_COMMENTS.equals(algorithm)) {
        throw new Rejection(Reason.SIGNATURE_PROFILE, "transform not allowed: " + algorithm);
      }
    }
  }
}
