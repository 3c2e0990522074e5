package org.spgate.core.wsfed;

import java.time.Instant;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml1.core.Assertion;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.OpenSaml;
import org.w3c.dom.Element;

/**
 * Authenticates a SAML 1.1 token (AD FS's default): the {@code Issuer} attribute names a trusted
 * IdP, the Assertion's own enveloped signature verifies with that IdP's metadata keys, then {@link
 * Saml11AssertionChecks} and {@link Saml11AssertionReader} run on that same object.
 *
 * <p>The signature reference is {@code #AssertionID}: OpenSAML's SAML 1 unmarshaller declares
 * {@code AssertionID} a DOM ID, so the profile validator checks that the ID resolves to this very
 * element; {@code IdUniqueness} already proved no other element carries the same value.
 */
final class Saml11TokenVerifier implements TokenVerifier {

  private final WsFedSettings settings;
  private final TokenTrust trust;
  private final TimeWindow time;

  Saml11TokenVerifier(TokenTrust trust) {
    this.trust = trust;
    this.settings = trust.settings();
    this.time = trust.time();
  }

  @Override
  public VerifiedToken verify(Element token) throws Rejection {
    Assertion assertion = unmarshal(token);
    String issuer = issuer(assertion);
    trust.verifySignature(assertion, issuer);
    Instant until =
        Saml11AssertionChecks.check(assertion, settings.realm(), settings.messageLifetime(), time);
    VerifiedAssertion verified = Saml11AssertionReader.read(assertion, issuer);
    return new VerifiedToken(verified, until.plus(time.skew()));
  }

  private static Assertion unmarshal(Element token) throws Rejection {
    XMLObject object = OpenSaml.unmarshal(token);
    if (!(object instanceof Assertion assertion)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "token is not a SAML 1 Assertion");
    }
    if (assertion.getMajorVersion() != 1 || assertion.getMinorVersion() != 1) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "SAML 1 Assertion version "
              + assertion.getMajorVersion()
              + "."
              + assertion.getMinorVersion()
              + "; 1.1 expected");
    }
    String id = assertion.getID();
    if (id == null || id.isBlank() || !token.hasAttributeNS(null, Assertion.ID_ATTRIB_NAME)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "SAML 1.1 Assertion has no AssertionID");
    }
    return assertion;
  }

  private static String issuer(Assertion assertion) throws Rejection {
    String issuer = assertion.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw new Rejection(
          Reason.INCOMPLETE_ASSERTION,
          "SAML 1.1 Assertion " + assertion.getID() + " has no Issuer");
    }
    return issuer.strip();
  }
}
