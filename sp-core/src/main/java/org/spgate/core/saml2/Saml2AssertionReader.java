package org.spgate.core.saml2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.NameID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.DomValues;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Element;

/**
 * Turns a verified SAML 2.0 Assertion into a {@link VerifiedAssertion}. Called only with the object
 * whose signature (or whose enclosing Response's signature) verified; reads only inside it. Public
 * because the WS-Federation consumer reads SAML 2.0 tokens with it.
 */
public final class Saml2AssertionReader {

  private static final Logger LOG = LoggerFactory.getLogger(Saml2AssertionReader.class);
  private static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

  private Saml2AssertionReader() {}

  static VerifiedAssertion read(Assertion assertion, String issuer) throws Rejection {
    return read(assertion, issuer, Protocol.SAML2);
  }

  /**
   * Reads the verified {@code assertion} of {@code issuer}, delivered by {@code protocol}.
   *
   * @throws Rejection when it has no AuthnStatement, or a NameID holds elements
   */
  public static VerifiedAssertion read(Assertion assertion, String issuer, Protocol protocol)
      throws Rejection {
    List<AuthnStatement> authn = assertion.getAuthnStatements();
    if (authn.isEmpty()) {
      throw new Rejection(Reason.INCOMPLETE_ASSERTION, "Assertion has no AuthnStatement");
    }
    AuthnStatement first = authn.get(0);
    String classRef = classRef(first.getAuthnContext());
    return new VerifiedAssertion(
        protocol,
        issuer,
        assertion.getID(),
        nameId(assertion.getSubject() == null ? null : assertion.getSubject().getNameID()),
        DomValues.attribute(first.getDOM(), "AuthnInstant"),
        classRef,
        classRef,
        first.getSessionIndex(),
        earliestSessionEnd(authn),
        attributes(assertion));
  }

  static @Nullable NameIdValue nameId(@Nullable NameID nameId) throws Rejection {
    if (nameId == null) {
      return null;
    }
    Element dom = nameId.getDOM();
    if (DomValues.hasElementChildren(dom)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "NameID contains elements");
    }
    return fromElement(dom);
  }

  private static NameIdValue fromElement(Element dom) {
    return new NameIdValue(
        DomValues.text(dom),
        DomValues.attribute(dom, "Format"),
        DomValues.attribute(dom, "NameQualifier"),
        DomValues.attribute(dom, "SPNameQualifier"));
  }

  private static @Nullable String classRef(@Nullable AuthnContext context) {
    if (context == null || context.getAuthnContextClassRef() == null) {
      return null;
    }
    return context.getAuthnContextClassRef().getURI();
  }

  private static @Nullable Instant earliestSessionEnd(List<AuthnStatement> statements) {
    Instant earliest = null;
    for (AuthnStatement statement : statements) {
      Instant end = statement.getSessionNotOnOrAfter();
      if (end != null && (earliest == null || end.isBefore(earliest))) {
        earliest = end;
      }
    }
    return earliest;
  }

  private static List<RawAttribute> attributes(Assertion assertion) {
    List<RawAttribute> out = new ArrayList<>();
    for (AttributeStatement statement : assertion.getAttributeStatements()) {
      if (!statement.getEncryptedAttributes().isEmpty()) {
        LOG.debug(
            "ignoring {} encrypted attributes in assertion {}",
            statement.getEncryptedAttributes().size(),
            assertion.getID());
      }
      for (Attribute attribute : statement.getAttributes()) {
        if (attribute.getName() == null) {
          continue;
        }
        out.add(
            new RawAttribute(attribute.getName(), attribute.getNameFormat(), values(attribute)));
      }
    }
    return out;
  }

  private static List<RawValue> values(Attribute attribute) {
    List<RawValue> values = new ArrayList<>(attribute.getAttributeValues().size());
    for (XMLObject value : attribute.getAttributeValues()) {
      Element dom = value.getDOM();
      if (dom == null) {
        continue;
      }
      Element nameId = DomValues.child(dom, SAML2, "NameID");
      if (nameId != null) {
        values.add(new RawValue(DomValues.text(nameId), fromElement(nameId), null));
      } else if (DomValues.hasElementChildren(dom)) {
        LOG.warn(
            "dropping a value of attribute {}: it holds XML elements, not a string",
            attribute.getName());
      } else {
        values.add(new RawValue(DomValues.text(dom), null, DomValues.attribute(dom, "Scope")));
      }
    }
    return values;
  }
}
