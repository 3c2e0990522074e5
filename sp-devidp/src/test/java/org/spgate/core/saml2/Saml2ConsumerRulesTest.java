package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;
import org.spgate.core.testing.Xsw;
import org.spgate.devidp.ResponseSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One test per protocol rule of the SAML 2.0 consumer (SECURITY.md A4, A6, A8, A15, A16), each
 * beside the accepted control that differs from it in that one rule.
 */
class Saml2ConsumerRulesTest {

  final MutableClock clock = MutableClock.atSystemTime();
  final TestSp sp = TestConsumers.trusting(new TestIdp(clock), clock).build();

  @Test
  void consumeWhenStatusIsSuccessThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenStatusIsResponderThenRejectsWithStatusNotSuccess() {
    ResponseSpec spec = sp.valid();
    spec.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder";
    assertRejected(() -> sp.consume(spec), Reason.STATUS_NOT_SUCCESS);
  }

  @Test
  void consumeWhenIssuerIsUnknownThenRejectsWithUnknownIssuer() {
    ResponseSpec spec = sp.valid();
    spec.responseIssuer = "https://idp.evil.test/idp";
    spec.assertionIssuer = "https://idp.evil.test/idp";
    assertRejected(() -> sp.consume(spec), Reason.UNKNOWN_ISSUER);
  }

  @Test
  void consumeWhenResponseIssuerDiffersFromAssertionIssuerThenRejectsWithIssuerMismatch() {
    ResponseSpec spec = sp.valid();
    spec.responseIssuer = "https://idp.evil.test/idp";
    assertRejected(() -> sp.consume(spec), Reason.ISSUER_MISMATCH);
  }

  @Test
  void consumeWhenResponseHasNoIssuerThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.responseIssuer = null;
    assertThat(sp.consume(spec).assertion().issuer()).isEqualTo(TestIdp.ENTITY_ID);
  }

  @Test
  void consumeWhenNothingIsSignedThenRejectsWithUnsigned() {
    ResponseSpec spec = sp.valid();
    spec.signAssertion = false;
    assertRejected(() -> sp.consume(spec), Reason.UNSIGNED);
  }

  @Test
  void consumeWhenOnlyResponseIsSignedThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.signAssertion = false;
    spec.signResponse = true;
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenSignedByAttackerKeyWithItsCertificateInKeyInfoThenRejectsWithSignatureInvalid() {
    TestIdp attacker = TestIdp.attacker(clock);
    ResponseSpec spec = sp.valid();
    String message = attacker.mint(spec);
    assertThat(new String(java.util.Base64.getDecoder().decode(message)))
        .contains("X509Certificate");
    assertRejected(() -> sp.consume(message), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenResponseSignedByAttackerKeyThenRejectsWithSignatureInvalid() {
    TestIdp attacker = TestIdp.attacker(clock);
    ResponseSpec spec = sp.valid();
    spec.signAssertion = false;
    spec.signResponse = true;
    assertRejected(() -> sp.consume(attacker.mint(spec)), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenSignedNameIdIsTamperedThenRejectsWithSignatureInvalid() {
    Document document = Xsw.mint(sp.idp().minter(), sp.valid());
    Xsw.setNameId(Xsw.assertion(document), Xsw.EVIL_NAME_ID);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenMintedDocumentIsReEncodedUntouchedThenAccepts() throws Rejection {
    Document document = Xsw.mint(sp.idp().minter(), sp.valid());
    assertThat(sp.consume(Xsw.encode(document)).assertion().subject().value())
        .isEqualTo("alice-persistent-id");
  }

  @Test
  void consumeWhenDestinationIsAnotherAcsThenRejectsWithWrongDestination() {
    ResponseSpec spec = sp.valid();
    spec.destination = "https://other-sp.test.example/SAML2/POST";
    assertRejected(() -> sp.consume(spec), Reason.WRONG_DESTINATION);
  }

  @Test
  void consumeWhenSignedResponseHasNoDestinationThenRejectsWithWrongDestination() {
    ResponseSpec spec = sp.valid();
    spec.signResponse = true;
    spec.destination = null;
    assertRejected(() -> sp.consume(spec), Reason.WRONG_DESTINATION);
  }

  @Test
  void consumeWhenUnsignedResponseWithSignedAssertionHasNoDestinationThenAccepts()
      throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.destination = null;
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenRecipientIsAnotherAcsThenRejectsWithWrongRecipient() {
    ResponseSpec spec = sp.valid();
    spec.recipient = "https://other-sp.test.example/SAML2/POST";
    assertRejected(() -> sp.consume(spec), Reason.WRONG_RECIPIENT);
  }

  @Test
  void consumeWhenAudienceIsAnotherSpThenRejectsWithWrongAudience() {
    ResponseSpec spec = sp.valid();
    spec.audiences = java.util.List.of("https://other-sp.test.example/shibboleth");
    assertRejected(() -> sp.consume(spec), Reason.WRONG_AUDIENCE);
  }

  @Test
  void consumeWhenAudienceListsThisSpAmongOthersThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.audiences = java.util.List.of("https://other.test/sp", TestConsumers.SP_ENTITY_ID);
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenInResponseToIsUnknownThenRejectsWithUnknownInResponseTo() {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = "_neverSent0123456789abcdef0123456";
    assertRejected(() -> sp.consume(spec), Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenInResponseToNamesRequestSentToAnotherIdpThenRejectsWithUnknownInResponseTo() {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = sp.requestSentTo("https://other-idp.test.example/idp");
    assertRejected(() -> sp.consume(spec), Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenUnsolicitedAndNotAllowedThenRejectsWithUnsolicited() {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = null;
    assertRejected(() -> sp.consume(spec), Reason.UNSOLICITED);
  }

  @Test
  void consumeWhenUnsolicitedAndAllowedThenAccepts() throws Rejection {
    TestSp lenient = TestConsumers.trusting(new TestIdp(clock), clock).allowUnsolicited().build();
    ResponseSpec spec = lenient.valid();
    spec.inResponseTo = null;
    assertThat(lenient.consume(spec).pendingLogin()).isNull();
  }

  @Test
  void consumeWhenAuthnStatementIsMissingThenRejectsWithIncompleteAssertion() {
    ResponseSpec spec = sp.valid();
    spec.includeAuthnStatement = false;
    assertRejected(() -> sp.consume(spec), Reason.INCOMPLETE_ASSERTION);
  }

  @Test
  void consumeWhenResponseHoldsTwoSignedAssertionsThenRejectsWithMultipleAssertions() {
    Document document = Xsw.mint(sp.idp().minter(), sp.valid());
    Element second = Xsw.mint(sp.idp().minter(), sp.valid()).getDocumentElement();
    Element other = (Element) document.importNode(Xsw.child(second, Xsw.SAML2, "Assertion"), true);
    document.getDocumentElement().appendChild(other);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.MULTIPLE_ASSERTIONS);
  }
}
