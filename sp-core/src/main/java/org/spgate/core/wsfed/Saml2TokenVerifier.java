package org.spgate.core.wsfed;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Conditions;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.AuthnInstantCheck;
import org.spgate.core.saml2.ConditionsCheck;
import org.spgate.core.saml2.IssuerCheck;
import org.spgate.core.saml2.Saml2AssertionReader;
import org.w3c.dom.Element;

/**
 * Authenticates a SAML 2.0 token (AD FS with the SAML 2.0 token type) with the SAML 2.0 pipeline's
 * own pieces: {@link IssuerCheck}, the Assertion's signature (required — there is no signed
 * Response around it), IssueInstant, {@link ConditionsCheck} with the realm as audience (both
 * NotBefore and NotOnOrAfter required, as for SAML 1.1), {@link Saml2AssertionReader}, then {@link
 * AuthnInstantCheck}.
 *
 * <p>Not checked: the bearer SubjectConfirmation (Recipient, InResponseTo and its times). The
 * passive profile has no ACS-bound confirmation and AD FS sends a bearer confirmation without
 * Recipient; audience, Conditions window and the replay cache bind the token instead.
 */
final class Saml2TokenVerifier implements TokenVerifier {

  private final WsFedSettings settings;
  private final TokenTrust trust;
  private final TimeWindow time;

  Saml2TokenVerifier(TokenTrust trust) {
    this.trust = trust;
    this.settings = trust.settings();
    this.time = trust.time();
  }

  @Override
  public VerifiedToken verify(Element token) throws Rejection {
    Assertion assertion = unmarshal(token);
    String issuer = IssuerCheck.issuerOf(assertion);
    trust.verifySignature(assertion, issuer);
    time.issuedWithin(assertion.getIssueInstant(), settings.messageLifetime(), "Assertion");
    Conditions conditions = assertion.getConditions();
    if (conditions == null
        || conditions.getNotBefore() == null
        || conditions.getNotOnOrAfter() == null) {
      throw new Rejection(
          Reason.INCOMPLETE_ASSERTION,
          "Assertion "
              + assertion.getID()
              + " needs Conditions with both NotBefore and NotOnOrAfter");
    }
    ConditionsCheck.check(assertion, settings.realm(), time);
    VerifiedAssertion verified = Saml2AssertionReader.read(assertion, issuer, Protocol.WSFED);
    AuthnInstantCheck.check(assertion, time);
    return new VerifiedToken(verified, conditions.getNotOnOrAfter().plus(time.skew()));
  }

  private static Assertion unmarshal(Element token) throws Rejection {
    XMLObject object = OpenSaml.unmarshal(token);
    if (!(object instanceof Assertion assertion)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "token is not a SAML 2.0 Assertion");
    }
    if (assertion.getVersion() == null
        || assertion.getVersion().getMajorVersion() != SAMLVersion.VERSION_20.getMajorVersion()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "SAML 2.0 Assertion Version is not 2.0");
    }
    if (assertion.getID() == null || assertion.getID().isBlank()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "SAML 2.0 Assertion has no ID");
    }
    return assertion;
  }
}
