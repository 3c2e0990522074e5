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

/** The algorithm allow-list and key-size floor (SECURITY.md A9), each with its control. */
class WeakAlgorithmTest {

  static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
  static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  final TestSp sp = TestConsumers.trusting(idp, clock).build();

  @Test
  void consumeWhenSignedWithRsaSha1ThenRejectsWithWeakAlgorithm() {
    ResponseSpec spec = sha1(sp.valid());
    assertRejected(() -> sp.consume(spec), Reason.WEAK_ALGORITHM);
  }

  @Test
  void consumeWhenSignedWithRsaSha1AndSha1IsAllowedThenAccepts() throws Rejection {
    TestSp legacy = TestConsumers.trusting(idp, clock).allowSha1().build();
    ResponseSpec spec = sha1(legacy.valid());
    assertThat(legacy.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenDigestIsSha1WithRsaSha256ThenRejectsWithWeakAlgorithm() {
    ResponseSpec spec = sp.valid();
    spec.digestAlgorithm = SHA1;
    assertRejected(() -> sp.consume(spec), Reason.WEAK_ALGORITHM);
  }

  @Test
  void consumeWhenSignatureMethodIsHmacThenRejectsWithWeakAlgorithm() {
    assertSignedInfoEditRejected(
        "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256");
  }

  @Test
  void consumeWhenSignatureMethodIsRsaMd5ThenRejectsWithWeakAlgorithm() {
    assertSignedInfoEditRejected(
        "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#rsa-md5");
  }

  @Test
  void consumeWhenDigestMethodIsMd5ThenRejectsWithWeakAlgorithm() {
    Document document = Xsw.mint(idp.minter(), sp.valid());
    Element reference = Xsw.child(signedInfo(document), Xsw.DSIG, "Reference");
    Xsw.child(reference, Xsw.DSIG, "DigestMethod")
        .setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#md5");
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.WEAK_ALGORITHM);
  }

  @Test
  void consumeWhenIdpKeyIsRsa1024EvenFromMetadataThenRejectsWithWeakAlgorithm() {
    TestIdp weak = TestIdp.weakKey(clock);
    TestSp trustingWeak = TestConsumers.trusting(weak, clock).build();
    assertRejected(() -> trustingWeak.consume(trustingWeak.valid()), Reason.WEAK_ALGORITHM);
  }

  private void assertSignedInfoEditRejected(String element, String algorithm) {
    Document document = Xsw.mint(idp.minter(), sp.valid());
    Xsw.child(signedInfo(document), Xsw.DSIG, element).setAttribute("Algorithm", algorithm);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.WEAK_ALGORITHM);
  }

  private static Element signedInfo(Document document) {
    return Xsw.child(
        Xsw.child(Xsw.assertion(document), Xsw.DSIG, "Signature"), Xsw.DSIG, "SignedInfo");
  }

  private static ResponseSpec sha1(ResponseSpec spec) {
    spec.signatureAlgorithm = RSA_SHA1;
    spec.digestAlgorithm = SHA1;
    return spec;
  }
}
