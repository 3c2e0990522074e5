package org.spgate.devidp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.impl.XSStringBuilder;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml1.core.Assertion;
import org.opensaml.saml.saml1.core.Attribute;
import org.opensaml.saml.saml1.core.AttributeStatement;
import org.opensaml.saml.saml1.core.AttributeValue;
import org.opensaml.saml.saml1.core.Audience;
import org.opensaml.saml.saml1.core.AudienceRestrictionCondition;
import org.opensaml.saml.saml1.core.AuthenticationStatement;
import org.opensaml.saml.saml1.core.Conditions;
import org.opensaml.saml.saml1.core.ConfirmationMethod;
import org.opensaml.saml.saml1.core.NameIdentifier;
import org.opensaml.saml.saml1.core.Subject;
import org.opensaml.saml.saml1.core.SubjectConfirmation;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Mints WS-Federation sign-in tokens ({@code wresult}) as AD FS would: a WS-Trust RSTR (2005/02 or
 * 1.3 collection) around a signed SAML 1.1 or SAML 2.0 Assertion. The SAML 2.0 Assertion comes from
 * {@link ResponseMinter} and both are signed with its key handling and {@link XmlSigner}; times
 * come from the injected clock.
 */
public final class WsFedTokenMinter {

  private static final String TRUST_2005 = "http://schemas.xmlsoap.org/ws/2005/02/trust";
  private static final String TRUST_13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
  private static final String WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy";
  private static final String WSA = "http://www.w3.org/2005/08/addressing";
  private static final String WSU =
      "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
  private static final String BEARER = "urn:oasis:names:tc:SAML:1.0:cm:bearer";

  private final ResponseMinter saml2;
  private final Clock clock;

  public WsFedTokenMinter(String idpEntityId, SpCredential idpKey, Clock clock) {
    this.saml2 = new ResponseMinter(idpEntityId, idpKey, clock);
    this.clock = clock;
  }

  /** A valid-by-default description of a sign-in token for {@code realm}. */
  public WsFedTokenSpec spec(String realm) {
    return new WsFedTokenSpec(realm, saml2.idpEntityId());
  }

  /** The {@code wresult} value: the RSTR as XML text. */
  public String mintXml(WsFedTokenSpec spec) {
    return SerializeSupport.nodeToString(wrap(mintAssertion(spec), spec));
  }

  /** The Assertion alone as XML text, for tests that build a wrapping attack around it. */
  public String mintAssertionXml(WsFedTokenSpec spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializeSupport.writeNode(mintAssertion(spec), out, Map.of("xml-declaration", false));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The Assertion (signed unless {@code spec.signed} is false), in a document of its own. */
  public Element mintAssertion(WsFedTokenSpec spec) {
    if (spec.tokenType == WsFedTokenSpec.TokenType.SAML20) {
      return saml2.mintAssertionElement(saml2Spec(spec));
    }
    Assertion assertion = saml11(spec, clock.instant());
    if (!spec.signed) {
      return OpenSaml.marshal(assertion);
    }
    return XmlSigner.sign(assertion, saml2.signingKey(spec.signingKey).toOpenSaml());
  }

  private ResponseSpec saml2Spec(WsFedTokenSpec spec) {
    ResponseSpec out = saml2.spec(spec.realm, spec.realm);
    out.recipient = null; // AD FS: bearer confirmation without Recipient
    out.audiences = spec.audiences;
    out.assertionIssuer = spec.issuer;
    out.assertionId = spec.assertionId;
    out.issueInstant = spec.issueInstant;
    out.validity = spec.validity;
    out.notBefore = spec.notBefore;
    out.notOnOrAfter = spec.notOnOrAfter;
    out.authnInstant = spec.authnInstant;
    if (spec.nameIdentifier != null) {
      out.nameId = spec.nameIdentifier;
    }
    if (spec.nameIdentifierFormat != null) {
      out.nameIdFormat = spec.nameIdentifierFormat;
    }
    for (WsFedTokenSpec.Claim claim : spec.claims) {
      out.attributes.put(claim.uri(), claim.values());
    }
    out.signAssertion = spec.signed;
    out.signingKey = spec.signingKey;
    return out;
  }

  private Assertion saml11(WsFedTokenSpec spec, Instant now) {
    Assertion assertion = OpenSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
    assertion.setVersion(SAMLVersion.VERSION_11);
    assertion.setID(spec.assertionId);
    assertion.setIssuer(spec.issuer);
    assertion.setIssueInstant(spec.issueInstant != null ? spec.issueInstant : now);
    assertion.setConditions(conditions(spec, now));
    if (!spec.claims.isEmpty()) {
      AttributeStatement statement = OpenSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
      statement.setSubject(subject(spec));
      XSStringBuilder strings = new XSStringBuilder();
      for (WsFedTokenSpec.Claim claim : spec.claims) {
        Attribute attribute = OpenSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setAttributeName(claim.name());
        attribute.setAttributeNamespace(claim.namespace());
        for (String value : claim.values()) {
          XSString xs =
              strings.buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
          xs.setValue(value);
          attribute.getAttributeValues().add(xs);
        }
        statement.getAttributes().add(attribute);
      }
      assertion.getAttributeStatements().add(statement);
    }
    AuthenticationStatement authn = OpenSaml.build(AuthenticationStatement.DEFAULT_ELEMENT_NAME);
    authn.setAuthenticationMethod(spec.authnMethod);
    authn.setAuthenticationInstant(spec.authnInstant != null ? spec.authnInstant : now);
    authn.setSubject(subject(spec));
    assertion.getAuthenticationStatements().add(authn);
    return assertion;
  }

  private static Conditions conditions(WsFedTokenSpec spec, Instant now) {
    Conditions conditions = OpenSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
    conditions.setNotBefore(spec.notBefore != null ? spec.notBefore : now.minusSeconds(5));
    conditions.setNotOnOrAfter(
        spec.notOnOrAfter != null ? spec.notOnOrAfter : now.plus(spec.validity));
    AudienceRestrictionCondition restriction =
        OpenSaml.build(AudienceRestrictionCondition.DEFAULT_ELEMENT_NAME);
    for (String uri : spec.audiences) {
      Audience audience = OpenSaml.build(Audience.DEFAULT_ELEMENT_NAME);
      audience.setURI(uri);
      restriction.getAudiences().add(audience);
    }
    conditions.getAudienceRestrictionConditions().add(restriction);
    return conditions;
  }

  private static Subject subject(WsFedTokenSpec spec) {
    Subject subject = OpenSaml.build(Subject.DEFAULT_ELEMENT_NAME);
    if (spec.nameIdentifier != null) {
      NameIdentifier nameIdentifier = OpenSaml.build(NameIdentifier.DEFAULT_ELEMENT_NAME);
      nameIdentifier.setValue(spec.nameIdentifier);
      nameIdentifier.setFormat(spec.nameIdentifierFormat);
      nameIdentifier.setNameQualifier(spec.nameQualifier);
      subject.setNameIdentifier(nameIdentifier);
    }
    SubjectConfirmation confirmation = OpenSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
    ConfirmationMethod method = OpenSaml.build(ConfirmationMethod.DEFAULT_ELEMENT_NAME);
    method.setURI(BEARER);
    confirmation.getConfirmationMethods().add(method);
    subject.setSubjectConfirmation(confirmation);
    return subject;
  }

  /** The RSTR (and collection) around {@code assertion}, with prefixes t, wsp, wsa, wsu. */
  private Element wrap(Element assertion, WsFedTokenSpec spec) {
    Document document = newDocument();
    boolean v13 = spec.form == WsFedTokenSpec.RstrForm.TRUST_13;
    String trust = v13 ? TRUST_13 : TRUST_2005;
    Element rstr = document.createElementNS(trust, "t:RequestSecurityTokenResponse");
    Element root = rstr;
    if (v13) {
      root = document.createElementNS(trust, "t:RequestSecurityTokenResponseCollection");
      root.appendChild(rstr);
    }
    document.appendChild(root);
    root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:t", trust);
    if (spec.includeLifetime) {
      Instant now = clock.instant();
      Element lifetime = child(rstr, trust, "t:Lifetime", null);
      child(
          lifetime,
          WSU,
          "wsu:Created",
          iso(spec.lifetimeCreated != null ? spec.lifetimeCreated : now));
      child(
          lifetime,
          WSU,
          "wsu:Expires",
          iso(spec.lifetimeExpires != null ? spec.lifetimeExpires : now.plus(spec.validity)));
    }
    if (spec.appliesTo != null) {
      Element appliesTo = child(rstr, WSP, "wsp:AppliesTo", null);
      Element reference = child(appliesTo, WSA, "wsa:EndpointReference", null);
      child(reference, WSA, "wsa:Address", spec.appliesTo);
    }
    Element requested = child(rstr, trust, "t:RequestedSecurityToken", null);
    requested.appendChild(document.importNode(assertion, true));
    boolean saml11 = spec.tokenType == WsFedTokenSpec.TokenType.SAML11;
    child(
        rstr,
        trust,
        "t:TokenType",
        saml11 ? "urn:oasis:names:tc:SAML:1.0:assertion" : "urn:oasis:names:tc:SAML:2.0:assertion");
    child(rstr, trust, "t:RequestType", trust + "/Issue");
    child(
        rstr,
        trust,
        "t:KeyType",
        v13 ? trust + "/Bearer" : "http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey");
    return root;
  }

  private static Element child(
      Element parent, String namespace, String qName, @Nullable String text) {
    Element element = parent.getOwnerDocument().createElementNS(namespace, qName);
    if (text != null) {
      element.setTextContent(text);
    }
    parent.appendChild(element);
    return element;
  }

  private static String iso(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static Document newDocument() {
    try {
      return OpenSaml.xml().parserPool().newDocument();
    } catch (XMLParserException e) {
      throw new IllegalStateException(e);
    }
  }
}
