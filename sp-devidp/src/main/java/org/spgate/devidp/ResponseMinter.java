package org.spgate.devidp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.impl.XSStringBuilder;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;
import org.w3c.dom.Element;

/**
 * Mints signed SAML 2.0 Responses as an IdP would: the one implementation behind the development
 * IdP ({@code demo}) and every test that needs a response. Times come from the injected clock. The
 * assertion is signed first and then, if {@link ResponseSpec#encryptFor} is set, encrypted
 * (sign-then-encrypt, as Shibboleth IdPs do); the Response signature covers the result.
 */
public final class ResponseMinter {

  private final String idpEntityId;
  private final SpCredential idpKey;
  private final Clock clock;

  public ResponseMinter(String idpEntityId, SpCredential idpKey, Clock clock) {
    OpenSaml.init();
    this.idpEntityId = idpEntityId;
    this.idpKey = idpKey;
    this.clock = clock;
  }

  /** The IdP's entityID. */
  public String idpEntityId() {
    return idpEntityId;
  }

  /** The IdP's signing key and certificate. */
  public SpCredential idpKey() {
    return idpKey;
  }

  /** A valid-by-default description of a response to {@code spEntityId} at {@code acsUrl}. */
  public ResponseSpec spec(String spEntityId, String acsUrl) {
    return new ResponseSpec(spEntityId, acsUrl, idpEntityId);
  }

  /** The signed Response element, in a document of its own. */
  public Element mintElement(ResponseSpec spec) {
    Instant now = clock.instant();
    Assertion assertion = assertion(spec, now);
    SpCredential key = signingKey(spec.signingKey);
    if (spec.signAssertion) {
      XmlSigner.sign(assertion, key.toOpenSaml(), spec.signatureAlgorithm, spec.digestAlgorithm);
    }
    Response response = OpenSaml.build(Response.DEFAULT_ELEMENT_NAME);
    response.setID(spec.responseId);
    response.setVersion(SAMLVersion.VERSION_20);
    response.setIssueInstant(spec.issueInstant != null ? spec.issueInstant : now);
    response.setDestination(spec.destination);
    response.setInResponseTo(spec.inResponseTo);
    if (spec.responseIssuer != null) {
      response.setIssuer(issuer(spec.responseIssuer));
    }
    response.setStatus(status(spec));
    if (spec.encryptFor != null) {
      response.getEncryptedAssertions().add(AssertionEncrypter.encrypt(assertion, spec.encryptFor));
    } else {
      response.getAssertions().add(assertion);
    }
    if (spec.signResponse) {
      return XmlSigner.sign(
          response, key.toOpenSaml(), spec.signatureAlgorithm, spec.digestAlgorithm);
    }
    return OpenSaml.marshal(response);
  }

  /**
   * The Assertion alone, signed when {@code spec.signAssertion}, in a document of its own: the
   * token a WS-Federation IdP (AD FS) wraps into its RequestSecurityTokenResponse.
   */
  public Element mintAssertionElement(ResponseSpec spec) {
    Assertion assertion = assertion(spec, clock.instant());
    if (spec.signAssertion) {
      return XmlSigner.sign(assertion, signingKey(spec.signingKey).toOpenSaml());
    }
    return OpenSaml.marshal(assertion);
  }

  /** The key to sign with: {@code override} (a test's wrong key), else the IdP's own. */
  SpCredential signingKey(@Nullable SpCredential override) {
    return override != null ? override : idpKey;
  }

  /** The Response serialised as XML text. */
  public String mintXml(ResponseSpec spec) {
    return SerializeSupport.nodeToString(mintElement(spec));
  }

  /** The base64 value of the {@code SAMLResponse} form field. */
  public String mint(ResponseSpec spec) {
    return base64(mintXml(spec));
  }

  /** Base64 of UTF-8 {@code xml}, for tests that edit the XML after minting. */
  public static String base64(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }

  private Assertion assertion(ResponseSpec spec, Instant now) {
    Assertion assertion = OpenSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
    assertion.setID(spec.assertionId);
    assertion.setVersion(SAMLVersion.VERSION_20);
    assertion.setIssueInstant(spec.issueInstant != null ? spec.issueInstant : now);
    assertion.setIssuer(issuer(spec.assertionIssuer));
    assertion.setSubject(subject(spec, now));
    if (spec.includeConditions) {
      assertion.setConditions(conditions(spec, now));
    }
    if (spec.includeAuthnStatement) {
      assertion.getAuthnStatements().add(authnStatement(spec, now));
    }
    if (!spec.attributes.isEmpty()) {
      assertion.getAttributeStatements().add(attributes(spec));
    }
    return assertion;
  }

  private Subject subject(ResponseSpec spec, Instant now) {
    Subject subject = OpenSaml.build(Subject.DEFAULT_ELEMENT_NAME);
    NameID nameId = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
    nameId.setValue(spec.nameId);
    nameId.setFormat(spec.nameIdFormat);
    nameId.setNameQualifier(idpEntityId);
    nameId.setSPNameQualifier(spec.spEntityId);
    subject.setNameID(nameId);
    SubjectConfirmation confirmation = OpenSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
    confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
    SubjectConfirmationData data = OpenSaml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
    data.setRecipient(spec.recipient);
    data.setNotOnOrAfter(
        spec.confirmationNotOnOrAfter != null
            ? spec.confirmationNotOnOrAfter
            : now.plus(spec.validity));
    data.setInResponseTo(
        spec.confirmationInResponseTo != null ? spec.confirmationInResponseTo : spec.inResponseTo);
    confirmation.setSubjectConfirmationData(data);
    subject.getSubjectConfirmations().add(confirmation);
    return subject;
  }

  private Conditions conditions(ResponseSpec spec, Instant now) {
    Conditions conditions = OpenSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
    conditions.setNotBefore(spec.notBefore != null ? spec.notBefore : now.minusSeconds(5));
    conditions.setNotOnOrAfter(
        spec.notOnOrAfter != null ? spec.notOnOrAfter : now.plus(spec.validity));
    AudienceRestriction restriction = OpenSaml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
    for (String uri : spec.audiences) {
      Audience audience = OpenSaml.build(Audience.DEFAULT_ELEMENT_NAME);
      audience.setURI(uri);
      restriction.getAudiences().add(audience);
    }
    conditions.getAudienceRestrictions().add(restriction);
    return conditions;
  }

  private AuthnStatement authnStatement(ResponseSpec spec, Instant now) {
    AuthnStatement statement = OpenSaml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
    statement.setAuthnInstant(spec.authnInstant != null ? spec.authnInstant : now);
    statement.setSessionIndex(spec.sessionIndex);
    statement.setSessionNotOnOrAfter(spec.sessionNotOnOrAfter);
    AuthnContext context = OpenSaml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
    AuthnContextClassRef classRef = OpenSaml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
    classRef.setURI(spec.authnContextClass);
    context.setAuthnContextClassRef(classRef);
    statement.setAuthnContext(context);
    return statement;
  }

  private AttributeStatement attributes(ResponseSpec spec) {
    AttributeStatement statement = OpenSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
    XSStringBuilder strings = new XSStringBuilder();
    for (Map.Entry<String, List<String>> entry : spec.attributes.entrySet()) {
      Attribute attribute = OpenSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
      attribute.setName(entry.getKey());
      attribute.setNameFormat(spec.attributeNameFormat);
      for (String value : entry.getValue()) {
        XSString xs = strings.buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
        xs.setValue(value);
        attribute.getAttributeValues().add(xs);
      }
      statement.getAttributes().add(attribute);
    }
    return statement;
  }

  private Status status(ResponseSpec spec) {
    Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
    StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
    code.setValue(spec.statusCode);
    status.setStatusCode(code);
    if (spec.statusMessage != null) {
      StatusMessage message = OpenSaml.build(StatusMessage.DEFAULT_ELEMENT_NAME);
      message.setValue(spec.statusMessage);
      status.setStatusMessage(message);
    }
    return status;
  }

  private static Issuer issuer(String value) {
    Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
    issuer.setValue(value);
    return issuer;
  }
}
