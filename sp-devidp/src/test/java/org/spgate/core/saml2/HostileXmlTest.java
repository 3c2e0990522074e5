package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
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
import org.w3c.dom.Node;

/**
 * Hostile bytes (SECURITY.md A1, A2, A20): comment injection, DTDs and entities, limits, broken
 * encodings and foreign roots. Each input gets its reason; none an unchecked exception.
 */
class HostileXmlTest {

  static final String INJECTED = "admin@lab.test.evil.test";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestSp sp = TestConsumers.trusting(new TestIdp(clock), clock).build();

  @Test
  void consumeWhenNameIdHasCommentAndWasReSignedThenReadsTheFullString() throws Rejection {
    Document document = withInjectedComment(true);
    Xsw.resign(Xsw.assertion(document), sp.idp().key());
    assertThat(serialized(document)).contains("admin@lab.test<!---->.evil.test");
    assertThat(sp.consume(Xsw.encode(document)).assertion().subject().value()).isEqualTo(INJECTED);
  }

  @Test
  void consumeWhenNameIdHasCommentInsertedAfterSigningThenReadsTheFullString() throws Rejection {
    Document document = withInjectedComment(true);
    assertThat(sp.consume(Xsw.encode(document)).assertion().subject().value()).isEqualTo(INJECTED);
  }

  @Test
  void consumeWhenAttributeValueHasCommentAndWasReSignedThenReadsTheFullString() throws Rejection {
    Document document = withInjectedComment(false);
    Xsw.resign(Xsw.assertion(document), sp.idp().key());
    assertThat(
            sp.consume(Xsw.encode(document)).assertion().attributes().get(0).values().get(0).text())
        .isEqualTo(INJECTED);
  }

  @Test
  void consumeWhenAttributeValueHasCommentInsertedAfterSigningThenReadsTheFullString()
      throws Rejection {
    Document document = withInjectedComment(false);
    assertThat(
            sp.consume(Xsw.encode(document)).assertion().attributes().get(0).values().get(0).text())
        .isEqualTo(INJECTED);
  }

  @Test
  void consumeWhenDoctypeIsPresentThenRejectsWithMalformedXml() {
    String xml = "<!DOCTYPE r []>" + mintedXml();
    assertRejected(() -> sp.consume(base64(xml)), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenExternalEntityIsDeclaredThenRejectsWithMalformedXml() {
    String xml =
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<samlp:Response xmlns:samlp=\""
            + Xsw.SAML2P
            + "\">&x;</samlp:Response>";
    assertRejected(() -> sp.consume(base64(xml)), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenBillionLaughsThenRejectsWithMalformedXml() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE r [<!ENTITY l0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY l")
          .append(i)
          .append(" \"")
          .append(("&l" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    String xml = dtd + "]><r>&l9;</r>";
    assertRejected(() -> sp.consume(base64(xml)), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenNestingIsWithinDepthLimitThenParsesAndRejectsAsUnexpectedMessage() {
    assertRejected(() -> sp.consume(base64(nested(40))), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenNestingExceedsDepthLimitThenRejectsWithMalformedXml() {
    assertRejected(() -> sp.consume(base64(nested(200))), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenElementHasFewAttributesThenParsesAndRejectsAsUnexpectedMessage() {
    assertRejected(() -> sp.consume(base64(attributes(10))), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenElementHasTooManyAttributesThenRejectsWithMalformedXml() {
    assertRejected(() -> sp.consume(base64(attributes(500))), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenFieldIsEmptyThenRejectsWithMissingMessage() {
    assertRejected(() -> sp.consume(""), Reason.MISSING_MESSAGE);
  }

  @Test
  void consumeWhenFieldIsNotBase64ThenRejectsWithBadEncoding() {
    assertRejected(() -> sp.consume("PHNhbWxwOlJlc3BvbnNl*&%$"), Reason.BAD_ENCODING);
  }

  @Test
  void consumeWhenBase64DecodesToNonXmlThenRejectsWithMalformedXml() {
    assertRejected(() -> sp.consume(base64("this is not xml")), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenXmlIsTruncatedThenRejectsWithMalformedXml() {
    String xml = mintedXml();
    assertRejected(
        () -> sp.consume(base64(xml.substring(0, xml.length() / 2))), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenRootIsAnAuthnRequestThenRejectsAsUnexpectedMessage() {
    String xml =
        "<samlp:AuthnRequest xmlns:samlp=\""
            + Xsw.SAML2P
            + "\" ID=\"_x\""
            + " Version=\"2.0\" IssueInstant=\"2024-01-01T00:00:00Z\"/>";
    assertRejected(() -> sp.consume(base64(xml)), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenSaml11AssertionIsPostedThenRejectsAsUnexpectedMessage() {
    String xml =
        "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\""
            + " MajorVersion=\"1\" MinorVersion=\"1\" AssertionID=\"_a\""
            + " Issuer=\""
            + TestIdp.ENTITY_ID
            + "\" IssueInstant=\"2024-01-01T00:00:00Z\"/>";
    assertRejected(() -> sp.consume(base64(xml)), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenResponseIsInSaml11ProtocolNamespaceThenRejectsAsUnexpectedMessage() {
    String xml = mintedXml().replace(Xsw.SAML2P, "urn:oasis:names:tc:SAML:1.0:protocol");
    assertRejected(() -> sp.consume(base64(xml)), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenResponseVersionIsNotTwoThenRejectsAsUnexpectedMessage() {
    String xml = mintedXml().replaceFirst("Version=\"2.0\"", "Version=\"1.1\"");
    assertRejected(() -> sp.consume(base64(xml)), Reason.UNEXPECTED_MESSAGE);
  }

  private Document withInjectedComment(boolean inNameId) {
    ResponseSpec spec = sp.valid();
    spec.attributes.clear();
    spec.attribute("urn:oid:0.9.2342.19200300.100.1.3", INJECTED);
    spec.nameId = INJECTED;
    Document document = Xsw.mint(sp.idp().minter(), spec);
    Element assertion = Xsw.assertion(document);
    Element target =
        inNameId
            ? Xsw.child(Xsw.child(assertion, Xsw.SAML2, "Subject"), Xsw.SAML2, "NameID")
            : Xsw.child(
                Xsw.child(
                    Xsw.child(assertion, Xsw.SAML2, "AttributeStatement"), Xsw.SAML2, "Attribute"),
                Xsw.SAML2,
                "AttributeValue");
    Node text = target.getFirstChild();
    target.removeChild(text);
    target.appendChild(document.createTextNode("admin@lab.test"));
    target.appendChild(document.createComment(""));
    target.appendChild(document.createTextNode(".evil.test"));
    return document;
  }

  private String mintedXml() {
    return sp.idp().minter().mintXml(sp.valid());
  }

  private static String serialized(Document document) {
    return SerializeSupport.nodeToString(document.getDocumentElement());
  }

  private static String nested(int depth) {
    return "<a>".repeat(depth) + "</a>".repeat(depth);
  }

  private static String attributes(int count) {
    StringBuilder xml = new StringBuilder("<a");
    for (int i = 0; i < count; i++) {
      xml.append(" a").append(i).append("=\"v\"");
    }
    return xml.append("/>").toString();
  }

  private static String base64(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }
}
