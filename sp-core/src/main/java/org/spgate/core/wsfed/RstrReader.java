package org.spgate.core.wsfed;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.DomValues;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.saml2.AssertionDecrypter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Locates the security token in a WS-Trust response and reads the wrapper fields spgate checks.
 *
 * <p>AppliesTo: {@code wsp:AppliesTo} (WS-Policy 2004/09, or the W3C 1.5 namespace) holding one
 * {@code EndpointReference} with one {@code Address}, both in the W3C WS-Addressing 2005/08
 * namespace (AD FS 2.0 and later) or the 2004/08 submission namespace (AD FS 1.x, older STSs,
 * SimpleSAMLphp's WS-Fed module); prefixes and default-namespace declarations do not matter (the
 * parser is namespace-aware) and the address is compared without surrounding XML whitespace.
 *
 * <p>Accepted roots: a WS-Trust February 2005 {@code RequestSecurityTokenResponse} (AD FS 1.x,
 * Shibboleth's ADFS profile), or a WS-Trust 1.3 {@code RequestSecurityTokenResponseCollection}
 * holding exactly one 1.3 {@code RequestSecurityTokenResponse} (AD FS 2.0 and later). The RSTR must
 * have exactly one {@code RequestedSecurityToken} holding exactly one element, a SAML 1.1 or SAML
 * 2.0 Assertion, and the whole document must contain no other Assertion in either namespace: a
 * second copy anywhere (before the real one, in another wrapper element, in Advice) is how
 * signature wrapping hides the element a reader would pick, so it is refused outright rather than
 * skipped.
 *
 * <p>An encrypted token ({@code xenc:EncryptedData}, AD FS's form, or a SAML 2.0 {@code
 * EncryptedAssertion}) is returned as it is; the consumer decrypts it.
 *
 * <p>Not done here: anything about the token's content or signature; a bare 1.3 RSTR without its
 * collection, which no AD FS version sends, is refused.
 */
final class RstrReader {

  static final String TRUST_2005 = "http://schemas.xmlsoap.org/ws/2005/02/trust";
  static final String TRUST_13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
  static final String WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy";
  static final String WSP_15 = "http://www.w3.org/ns/ws-policy";
  static final String WSA = "http://www.w3.org/2005/08/addressing";
  static final String WSA_2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
  static final String WSU =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  static final String SAML1 = "urn:oasis:names:tc:SAML:1.0:assertion";
  static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

  private static final String RSTR = "RequestSecurityTokenResponse";

  private RstrReader() {}

  static Rstr read(Document document) throws Rejection {
    Element rstr = rstrOf(document.getDocumentElement());
    String trust = rstr.getNamespaceURI();
    Element requested = only(rstr, trust, "RequestedSecurityToken", true);
    Element token = tokenIn(requested);
    requireNoOtherAssertion(document, token);
    Element appliesTo = appliesTo(rstr);
    Element lifetime = only(rstr, trust, "Lifetime", false);
    return new Rstr(
        token,
        appliesTo == null ? null : address(appliesTo),
        lifetime == null ? null : instant(lifetime, "Created"),
        lifetime == null ? null : instant(lifetime, "Expires"));
  }

  private static Element rstrOf(Element root) throws Rejection {
    if (is(root, TRUST_2005, RSTR)) {
      return root;
    }
    if (is(root, TRUST_13, RSTR + "Collection")) {
      List<Element> children = elements(root);
      if (children.size() != 1 || !is(children.get(0), TRUST_13, RSTR)) {
        throw new Rejection(
            Reason.UNEXPECTED_MESSAGE,
            "RequestSecurityTokenResponseCollection"
                + " must hold exactly one RequestSecurityTokenResponse, holds "
                + children.size()
                + " element(s)");
      }
      return children.get(0);
    }
    throw new Rejection(
        Reason.UNEXPECTED_MESSAGE,
        "wresult root must be a WS-Trust 2005/02"
            + " RequestSecurityTokenResponse or a WS-Trust 1.3 RequestSecurityTokenResponseCollection,"
            + " found {"
            + root.getNamespaceURI()
            + "}"
            + root.getLocalName());
  }

  private static Element tokenIn(Element requested) throws Rejection {
    List<Element> children = elements(requested);
    if (children.size() != 1) {
      throw new Rejection(
          children.isEmpty() ? Reason.INCOMPLETE_ASSERTION : Reason.MULTIPLE_ASSERTIONS,
          "RequestedSecurityToken holds "
              + children.size()
              + " elements; exactly one Assertion expected");
    }
    Element token = children.get(0);
    if (AssertionDecrypter.isEncrypted(token)) {
      return token;
    }
    if (!is(token, SAML1, "Assertion") && !is(token, SAML2, "Assertion")) {
      Reason reason =
          token.getLocalName().startsWith("Encrypted")
              ? Reason.DECRYPTION_FAILED
              : Reason.UNEXPECTED_MESSAGE;
      throw new Rejection(
          reason,
          "RequestedSecurityToken holds {"
              + token.getNamespaceURI()
              + "}"
              + token.getLocalName()
              + ", not a signed SAML 1.1 or 2.0 Assertion, an xenc:EncryptedData"
              + " or a SAML 2.0 EncryptedAssertion");
    }
    return token;
  }

  private static void requireNoOtherAssertion(Document document, Element token) throws Rejection {
    for (String namespace : List.of(SAML1, SAML2)) {
      NodeList all = document.getElementsByTagNameNS(namespace, "Assertion");
      for (int i = 0; i < all.getLength(); i++) {
        if (all.item(i) != token) {
          throw new Rejection(
              Reason.MULTIPLE_ASSERTIONS,
              "the RSTR holds another Assertion"
                  + " besides the one in RequestedSecurityToken (signature wrapping?)");
        }
      }
    }
  }

  private static @Nullable Element appliesTo(Element rstr) throws Rejection {
    Element current = only(rstr, WSP, "AppliesTo", false);
    Element w3c = only(rstr, WSP_15, "AppliesTo", false);
    if (current != null && w3c != null) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "RSTR has more than one AppliesTo");
    }
    return current != null ? current : w3c;
  }

  private static String address(Element appliesTo) throws Rejection {
    List<Element> children = elements(appliesTo);
    if (children.size() != 1 || !"EndpointReference".equals(children.get(0).getLocalName())) {
      throw new Rejection(
          Reason.WRONG_AUDIENCE,
          "AppliesTo must hold exactly one EndpointReference naming the realm, holds "
              + children.size()
              + " element(s)");
    }
    Element reference = children.get(0);
    String namespace = reference.getNamespaceURI();
    if (!WSA.equals(namespace) && !WSA_2004.equals(namespace)) {
      throw new Rejection(
          Reason.WRONG_AUDIENCE,
          "AppliesTo EndpointReference is in namespace '"
              + namespace
              + "', not WS-Addressing "
              + WSA
              + " or "
              + WSA_2004);
    }
    Element address = only(reference, namespace, "Address", false);
    if (address == null) {
      throw new Rejection(
          Reason.WRONG_AUDIENCE,
          "AppliesTo EndpointReference {" + namespace + "} has no Address naming the realm");
    }
    if (DomValues.hasElementChildren(address)) {
      throw new Rejection(Reason.WRONG_AUDIENCE, "AppliesTo Address contains elements");
    }
    return DomValues.text(address);
  }

  private static @Nullable Instant instant(Element lifetime, String name) throws Rejection {
    Element element = DomValues.child(lifetime, WSU, name);
    if (element == null) {
      return null;
    }
    String text = DomValues.text(element);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "Lifetime " + name + " '" + text + "' is not an xs:dateTime with a time zone");
    }
  }

  /** The one child {@code namespace:name} of {@code parent}; absent is allowed unless required. */
  private static @Nullable Element only(
      Element parent, @Nullable String namespace, String name, boolean required) throws Rejection {
    Element found = null;
    for (Element child : elements(parent)) {
      if (is(child, namespace, name)) {
        if (found != null) {
          throw new Rejection(Reason.UNEXPECTED_MESSAGE, "RSTR has more than one " + name);
        }
        found = child;
      }
    }
    if (found == null && required) {
      throw new Rejection(Reason.INCOMPLETE_ASSERTION, "RSTR has no " + name);
    }
    return found;
  }

  private static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean is(Element element, @Nullable String namespace, String localName) {
    return namespace != null
        && namespace.equals(element.getNamespaceURI())
        && localName.equals(element.getLocalName());
  }
}
