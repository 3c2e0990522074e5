package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;
import org.spgate.core.testing.Xsw;
import org.spgate.core.testing.Xsw.Variant;
import org.spgate.devidp.ResponseSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * XML signature wrapping (SECURITY.md A3, A4, A7): the XSW1–XSW8 moves applied to minted responses,
 * duplicated IDs, IDs in attributes the parser does not register, and references to another element
 * than the signature's parent. Every attack is refused; the untouched response, re-encoded the same
 * way, is accepted.
 */
class SignatureWrappingTest {

  final MutableClock clock = MutableClock.atSystemTime();
  final TestSp sp = TestConsumers.trusting(new TestIdp(clock), clock).build();

  Document minted(Variant variant) {
    ResponseSpec spec = sp.valid();
    if (variant == Variant.XSW1 || variant == Variant.XSW2) {
      spec.signAssertion = false;
      spec.signResponse = true;
    }
    return Xsw.mint(sp.idp().minter(), spec);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void consumeWhenUntouchedResponseOfVariantsSetupThenAccepts(Variant variant) throws Rejection {
    Saml2Login login = sp.consume(Xsw.encode(minted(variant)));
    assertThat(login.assertion().subject().value()).isEqualTo("alice-persistent-id");
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void consumeWhenWrappedKeepingTheSignedIdThenRejectsWithDuplicateId(Variant variant) {
    Document document = minted(variant);
    Xsw.apply(variant, document, false);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.DUPLICATE_ID);
  }

  /** A foreign element directly inside ds:Signature: Santuario refuses to read it at all. */
  @Test
  void consumeWhenXsw1WithFreshIdsThenRejectsAsUnexpectedMessage() {
    assertWrappedWithFreshIds(Variant.XSW1, Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenXsw2WithFreshIdsThenRejectsWithSignatureProfile() {
    assertWrappedWithFreshIds(Variant.XSW2, Reason.SIGNATURE_PROFILE);
  }

  @Test
  void consumeWhenXsw3WithFreshIdsThenRejectsWithMultipleAssertions() {
    assertWrappedWithFreshIds(Variant.XSW3, Reason.MULTIPLE_ASSERTIONS);
  }

  @Test
  void consumeWhenXsw4WithFreshIdsThenRejectsWithUnsigned() {
    assertWrappedWithFreshIds(Variant.XSW4, Reason.UNSIGNED);
  }

  @Test
  void consumeWhenXsw5WithFreshIdsThenRejectsWithMultipleAssertions() {
    assertWrappedWithFreshIds(Variant.XSW5, Reason.MULTIPLE_ASSERTIONS);
  }

  /** A foreign element directly inside ds:Signature: Santuario refuses to read it at all. */
  @Test
  void consumeWhenXsw6WithFreshIdsThenRejectsAsUnexpectedMessage() {
    assertWrappedWithFreshIds(Variant.XSW6, Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenXsw7WithFreshIdsThenRejectsWithUnsigned() {
    assertWrappedWithFreshIds(Variant.XSW7, Reason.UNSIGNED);
  }

  @Test
  void consumeWhenXsw8WithFreshIdsThenRejectsWithSignatureProfile() {
    assertWrappedWithFreshIds(Variant.XSW8, Reason.SIGNATURE_PROFILE);
  }

  @Test
  void consumeWhenSignedAssertionMovedIntoEvilAdviceThenRejectsWithUnsigned() {
    assertWrappedWithFreshIds(Variant.ADVICE, Reason.UNSIGNED);
  }

  @Test
  void consumeWhenAnotherElementCarriesTheSignedIdThenRejectsWithDuplicateId() {
    Document document = minted(Variant.XSW3);
    String id = Xsw.assertion(document).getAttribute("ID");
    Element extensions = extensions(document);
    Element decoy = document.createElementNS("urn:test:evil", "evil:Decoy");
    decoy.setAttribute("ID", id);
    extensions.appendChild(decoy);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.DUPLICATE_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AssertionID", "Id", "id", "wsu:Id", "xml:id"})
  void consumeWhenSignedIdSitsInAnIdLikeAttributeElsewhereThenRejectsWithDuplicateId(
      String attribute) {
    Document document = minted(Variant.XSW3);
    String id = Xsw.assertion(document).getAttribute("ID");
    Element decoy = document.createElementNS("urn:test:evil", "evil:Decoy");
    String namespace =
        attribute.startsWith("wsu:")
            ? "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
            : attribute.startsWith("xml:") ? "http://www.w3.org/XML/1998/namespace" : null;
    decoy.setAttributeNS(namespace, attribute, id);
    extensions(document).appendChild(decoy);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.DUPLICATE_ID);
  }

  @Test
  void consumeWhenSignedIdAppearsInAPlainAttributeThenAccepts() throws Rejection {
    Document document = minted(Variant.XSW3);
    String id = Xsw.assertion(document).getAttribute("ID");
    Element decoy = document.createElementNS("urn:test:evil", "evil:Decoy");
    decoy.setAttribute("Name", id);
    extensions(document).appendChild(decoy);
    assertThat(sp.consume(Xsw.encode(document)).assertion().assertionId()).isEqualTo(id);
  }

  @Test
  void consumeWhenAssertionReferencePointsToTheResponseThenRejectsWithSignatureProfile() {
    Document document = minted(Variant.XSW3);
    Element reference = reference(Xsw.assertion(document));
    reference.setAttribute("URI", "#" + document.getDocumentElement().getAttribute("ID"));
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.SIGNATURE_PROFILE);
  }

  @Test
  void consumeWhenAssertionSignatureMovedToTheResponseThenRejectsWithSignatureProfile() {
    Document document = minted(Variant.XSW3);
    Element assertion = Xsw.assertion(document);
    Element signature = Xsw.child(assertion, Xsw.DSIG, "Signature");
    assertion.removeChild(signature);
    Element response = document.getDocumentElement();
    response.insertBefore(signature, Xsw.child(response, Xsw.SAML2P, "Status"));
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.SIGNATURE_PROFILE);
  }

  private void assertWrappedWithFreshIds(Variant variant, Reason expected) {
    Document document = minted(variant);
    Xsw.apply(variant, document, true);
    assertRejected(() -> sp.consume(Xsw.encode(document)), expected);
  }

  private static Element extensions(Document document) {
    Element response = document.getDocumentElement();
    Element extensions = document.createElementNS(Xsw.SAML2P, "samlp:Extensions");
    response.insertBefore(extensions, Xsw.child(response, Xsw.SAML2P, "Status"));
    return extensions;
  }

  private static Element reference(Element signed) {
    Element signedInfo =
        Xsw.child(Xsw.child(signed, Xsw.DSIG, "Signature"), Xsw.DSIG, "SignedInfo");
    return Xsw.child(signedInfo, Xsw.DSIG, "Reference");
  }
}
