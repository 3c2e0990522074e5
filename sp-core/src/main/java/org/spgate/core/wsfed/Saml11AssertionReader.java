package org.spgate.core.wsfed;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml1.core.Assertion;
import org.opensaml.saml.saml1.core.Attribute;
import org.opensaml.saml.saml1.core.AttributeStatement;
import org.opensaml.saml.saml1.core.AuthenticationStatement;
import org.opensaml.saml.saml1.core.NameIdentifier;
import org.opensaml.saml.saml1.core.SubjectStatement;
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
 * Turns a verified, checked SAML 1.1 Assertion into a {@link VerifiedAssertion}, reading only
 * inside it and only full DOM text (never a first text child).
 *
 * <p>SAML 1.1 puts a Subject in every statement. The NameIdentifiers present must all be the same
 * (value, Format, NameQualifier): statements about different subjects in one sign-in token are
 * refused rather than merged. The first AuthenticationStatement gives the method (also the
 * authentication context class, as in Shibboleth SP) and instant; SAML 1.1 has no SessionIndex or
 * session end. Attributes keep {@code AttributeName} as name and {@code AttributeNamespace} as name
 * format; values holding elements are dropped.
 */
final class Saml11AssertionReader {

  private static final Logger LOG = LoggerFactory.getLogger(Saml11AssertionReader.class);

  private Saml11AssertionReader() {}

  static VerifiedAssertion read(Assertion assertion, String issuer) throws Rejection {
    AuthenticationStatement authn = assertion.getAuthenticationStatements().get(0);
    Element authnDom = authn.getDOM();
    return new VerifiedAssertion(
        Protocol.WSFED,
        issuer,
        assertion.getID(),
        subject(assertion),
        authnDom == null ? null : DomValues.attribute(authnDom, "AuthenticationInstant"),
        authn.getAuthenticationMethod(),
        // mod_shib's ADFS handler records the AuthenticationMethod as the session's context
        // class, so Shib-AuthnContext-Class carries it as well as Shib-Authentication-Method.
        authn.getAuthenticationMethod(),
        null,
        null,
        attributes(assertion));
  }

  private static @Nullable NameIdValue subject(Assertion assertion) throws Rejection {
    // Not getSubjectStatements(): OpenSAML fills it only with literal <saml:SubjectStatement>s.
    List<SubjectStatement> statements = new ArrayList<>(assertion.getAuthenticationStatements());
    statements.addAll(assertion.getAttributeStatements());
    NameIdValue subject = null;
    for (SubjectStatement statement : statements) {
      NameIdValue next = nameIdentifier(statement);
      if (next == null) {
        continue;
      }
      if (subject != null && !subject.equals(next)) {
        throw new Rejection(
            Reason.UNEXPECTED_MESSAGE,
            "Assertion " + assertion.getID() + " has statements about different subjects");
      }
      subject = next;
    }
    return subject;
  }

  private static @Nullable NameIdValue nameIdentifier(SubjectStatement statement) throws Rejection {
    if (statement.getSubject() == null) {
      return null;
    }
    NameIdentifier nameIdentifier = statement.getSubject().getNameIdentifier();
    Element dom = nameIdentifier == null ? null : nameIdentifier.getDOM();
    if (dom == null) {
      return null;
    }
    if (DomValues.hasElementChildren(dom)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "NameIdentifier contains elements");
    }
    return new NameIdValue(
        DomValues.text(dom),
        DomValues.attribute(dom, "Format"),
        DomValues.attribute(dom, "NameQualifier"),
        null);
  }

  private static List<RawAttribute> attributes(Assertion assertion) {
    List<RawAttribute> out = new ArrayList<>();
    for (AttributeStatement statement : assertion.getAttributeStatements()) {
      for (Attribute attribute : statement.getAttributes()) {
        String name = attribute.getAttributeName();
        if (name == null || name.isBlank()) {
          continue;
        }
        out.add(new RawAttribute(name, attribute.getAttributeNamespace(), values(attribute)));
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
      if (DomValues.hasElementChildren(dom)) {
        LOG.warn(
            "dropping a value of attribute {}: it holds XML elements, not a string",
            attribute.getAttributeName());
        continue;
      }
      values.add(RawValue.of(DomValues.text(dom)));
    }
    return values;
  }
}
