package org.spgate.core.testing;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.spgate.core.credential.SpCredential;
import org.spgate.devidp.ResponseMinter;
import org.spgate.devidp.ResponseSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * DOM surgery on minted Responses for signature-wrapping tests: the XSW1–XSW8 moves of Somorovsky
 * et al., "On Breaking SAML" (USENIX Security 2012) as SAML Raider implements them, plus helpers to
 * edit, re-sign and re-encode. An "evil" assertion is a copy of the signed one whose NameID says
 * {@link #EVIL_NAME_ID}.
 */
public final class Xsw {

  public static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";
  public static final String SAML2P = "urn:oasis:names:tc:SAML:2.0:protocol";
  public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
  public static final String EVIL_NAME_ID = "admin";

  private Xsw() {}

  /** The wrapping moves; the Javadoc of each says where the signed and the evil element go. */
  public enum Variant {
    /** Response level: evil Response at the root; the signed Response inside its Signature. */
    XSW1,
    /** Response level: evil Response at the root; the signed Response before its Signature. */
    XSW2,
    /** Evil unsigned assertion inserted before the signed one. */
    XSW3,
    /** Evil unsigned assertion replaces the signed one, which becomes its child. */
    XSW4,
    /**
     * Evil assertion with a copy of the Signature replaces the signed one; the original, stripped
     * of its Signature, goes to the end of the Response.
     */
    XSW5,
    /** Evil assertion with a copy of the Signature; the stripped original inside that Signature. */
    XSW6,
    /** Signed assertion moved into the Response's Extensions; evil unsigned one in its place. */
    XSW7,
    /** Evil assertion with a copy of the Signature; the stripped original in a ds:Object of it. */
    XSW8,
    /** Evil unsigned assertion replaces the signed one, which moves into the evil's Advice. */
    ADVICE
  }

  /** The minted Response, as a document to edit. */
  public static Document mint(ResponseMinter minter, ResponseSpec spec) {
    return minter.mintElement(spec).getOwnerDocument();
  }

  /** The base64 SAMLResponse of an edited document. */
  public static String encode(Document document) {
    return ResponseMinter.base64(SerializeSupport.nodeToString(document.getDocumentElement()));
  }

  /** The Response's first Assertion. */
  public static Element assertion(Document document) {
    return child(document.getDocumentElement(), SAML2, "Assertion");
  }

  /**
   * Applies {@code variant} in place. With {@code freshIds} every evil element gets an ID of its
   * own, so that the duplicate-ID check cannot be what stops the attack.
   */
  public static void apply(Variant variant, Document document, boolean freshIds) {
    Element response = document.getDocumentElement();
    Element signed = assertion(document);
    switch (variant) {
      case XSW1, XSW2 -> wrapResponse(variant, document, freshIds);
      case XSW3 -> response.insertBefore(evil(signed, freshIds, false), signed);
      case XSW4 -> {
        Element evil = evil(signed, freshIds, false);
        response.replaceChild(evil, signed);
        evil.appendChild(signed);
      }
      case XSW5 -> {
        Element evil = evil(signed, freshIds, true);
        response.replaceChild(evil, signed);
        removeSignature(signed);
        response.appendChild(signed);
      }
      case XSW6, XSW8 -> {
        Element evil = evil(signed, freshIds, true);
        response.replaceChild(evil, signed);
        removeSignature(signed);
        Element signature = child(evil, DSIG, "Signature");
        if (variant == Variant.XSW6) {
          signature.appendChild(signed);
        } else {
          Element object = document.createElementNS(DSIG, "ds:Object");
          object.appendChild(signed);
          signature.appendChild(object);
        }
      }
      case XSW7 -> {
        Element evil = evil(signed, freshIds, false);
        response.replaceChild(evil, signed);
        Element extensions = document.createElementNS(SAML2P, "samlp:Extensions");
        extensions.appendChild(signed);
        response.insertBefore(extensions, child(response, SAML2P, "Status"));
      }
      case ADVICE -> {
        Element evil = evil(signed, freshIds, false);
        response.replaceChild(evil, signed);
        Element advice = document.createElementNS(SAML2, "saml2:Advice");
        advice.appendChild(signed);
        evil.insertBefore(advice, child(evil, SAML2, "AuthnStatement"));
      }
      default -> throw new IllegalArgumentException(variant.name());
    }
  }

  private static void wrapResponse(Variant variant, Document document, boolean freshIds) {
    Element original = document.getDocumentElement();
    Element evil = (Element) original.cloneNode(true);
    if (freshIds) {
      evil.setAttribute("ID", "_evilResponse");
      child(evil, SAML2, "Assertion").setAttribute("ID", "_evilAssertion");
    }
    setNameId(child(evil, SAML2, "Assertion"), EVIL_NAME_ID);
    Element signature = child(evil, DSIG, "Signature");
    document.replaceChild(evil, original);
    if (variant == Variant.XSW1) {
      signature.appendChild(original);
    } else {
      evil.insertBefore(original, signature);
    }
  }

  /** A copy of {@code signed} saying {@link #EVIL_NAME_ID}, with or without its Signature. */
  public static Element evil(Element signed, boolean freshId, boolean keepSignature) {
    Element evil = (Element) signed.cloneNode(true);
    if (freshId) {
      evil.setAttribute("ID", "_evil" + signed.getAttribute("ID"));
    }
    if (!keepSignature) {
      removeSignature(evil);
    }
    setNameId(evil, EVIL_NAME_ID);
    return evil;
  }

  /** Replaces the text of the assertion's Subject/NameID. */
  public static void setNameId(Element assertion, String value) {
    child(child(assertion, SAML2, "Subject"), SAML2, "NameID").setTextContent(value);
  }

  /** Removes the direct ds:Signature child of {@code element}, if any. */
  public static void removeSignature(Element element) {
    Element signature = child(element, DSIG, "Signature");
    if (signature != null) {
      element.removeChild(signature);
    }
  }

  /**
   * Replaces {@code element}'s enveloped signature by a new RSA-SHA256 one over its current DOM
   * (for example after inserting a comment), made with {@code key} as the IdP would.
   */
  public static void resign(Element element, SpCredential key) {
    Element old = child(element, DSIG, "Signature");
    Node next = old.getNextSibling();
    element.removeChild(old);
    element.setIdAttributeNS(null, "ID", true);
    Document document = element.getOwnerDocument();
    try {
      XMLSignature signature =
          new XMLSignature(
              document,
              "",
              XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
              Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
      element.insertBefore(signature.getElement(), next);
      Transforms transforms = new Transforms(document);
      transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
      transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
      signature.addDocument(
          "#" + element.getAttribute("ID"), transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
      signature.addKeyInfo(key.certificate());
      signature.sign(key.privateKey());
    } catch (XMLSecurityException e) {
      throw new IllegalStateException("re-signing failed", e);
    }
  }

  /** The first child element of {@code parent} named {namespace}localName, or {@code null}. */
  public static Element child(Element parent, String namespace, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && namespace.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }
}
