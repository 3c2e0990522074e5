package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestConsumers.SpKeys;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;
import org.spgate.core.testing.Xsw;
import org.spgate.devidp.Encryption;
import org.spgate.devidp.ResponseSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * EncryptedAssertion handling (SECURITY.md A12, A13): round trips, key rollover, one reason for
 * every decryption failure, the pre-decryption profile, and the signing requirements.
 */
class EncryptedAssertionTest {

  static final String XENC = "http://www.w3.org/2001/04/xmlenc#";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  final TestSp sp = TestConsumers.trusting(idp, clock).decryptWith(SpKeys.current()).build();

  @Test
  void consumeWhenAssertionIsSignedAndGcmEncryptedThenAccepts() throws Rejection {
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.current().certificate()));
    assertAccepted(sp, spec);
  }

  @Test
  void consumeWhenAes256GcmWithXmlEnc11OaepThenAccepts() throws Rejection {
    ResponseSpec spec =
        encrypted(
            new Encryption(
                SpKeys.current().certificate(), Encryption.RSA_OAEP, Encryption.AES256_GCM));
    assertAccepted(sp, spec);
  }

  @Test
  void consumeWhenCbcEncryptedInsideSignedResponseThenAccepts() throws Rejection {
    ResponseSpec spec = encrypted(Encryption.aesCbc(SpKeys.current().certificate()));
    spec.signResponse = true;
    assertAccepted(sp, spec);
  }

  @Test
  void consumeWhenCbcEncryptedInsideUnsignedResponseThenRejectsWithWeakAlgorithm() {
    ResponseSpec spec = encrypted(Encryption.aesCbc(SpKeys.current().certificate()));
    assertRejected(() -> sp.consume(spec), Reason.WEAK_ALGORITHM);
  }

  @Test
  void consumeWhenEncryptedForCurrentKeyDuringRolloverThenAccepts() throws Rejection {
    TestSp rolling = rollingSp();
    assertAccepted(rolling, encrypted(Encryption.aesGcm(SpKeys.current().certificate()), rolling));
  }

  @Test
  void consumeWhenEncryptedForNextKeyDuringRolloverThenAccepts() throws Rejection {
    TestSp rolling = rollingSp();
    assertAccepted(rolling, encrypted(Encryption.aesGcm(SpKeys.next().certificate()), rolling));
  }

  @Test
  void consumeWhenEncryptedForAKeyTheSpDoesNotHoldThenRejectsWithDecryptionFailed() {
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.next().certificate()));
    Rejection rejection = assertRejected(() -> sp.consume(spec), Reason.DECRYPTION_FAILED);
    assertThat(rejection.getMessage()).isEqualTo(AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenCiphertextIsCorruptedThenRejectsWithTheSameDecryptionFailedDetail() {
    Document document =
        Xsw.mint(idp.minter(), encrypted(Encryption.aesGcm(SpKeys.current().certificate())));
    Element value = cipherValue(encryptedData(document));
    String text = value.getTextContent().strip();
    value.setTextContent((text.charAt(0) == 'A' ? "B" : "A") + text.substring(1));
    Rejection rejection =
        assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.DECRYPTION_FAILED);
    assertThat(rejection.getMessage()).isEqualTo(AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenSpHasNoDecryptionKeyThenRejectsWithDecryptionFailed() {
    TestSp plain = TestConsumers.trusting(idp, clock).build();
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.current().certificate()), plain);
    assertRejected(() -> plain.consume(spec), Reason.DECRYPTION_FAILED);
  }

  @Test
  void consumeWhenKeyTransportIsRsa15ThenRejectsWithWeakAlgorithmBeforeDecrypting() {
    ResponseSpec spec =
        encrypted(
            new Encryption(
                SpKeys.current().certificate(), Encryption.RSA_1_5, Encryption.AES128_GCM));
    assertRejected(() -> sp.consume(spec), Reason.WEAK_ALGORITHM);
  }

  @Test
  void consumeWhenCipherDataHoldsCipherReferenceThenRejectsWithEncryptionProfile() {
    Document document =
        Xsw.mint(idp.minter(), encrypted(Encryption.aesGcm(SpKeys.current().certificate())));
    Element value = cipherValue(encryptedData(document));
    Element reference = document.createElementNS(XENC, "xenc:CipherReference");
    reference.setAttribute("URI", "http://attacker.test/ciphertext");
    value.getParentNode().replaceChild(reference, value);
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.ENCRYPTION_PROFILE);
  }

  @Test
  void consumeWhenKeyInfoHasRetrievalMethodThenRejectsWithEncryptionProfile() {
    Document document =
        Xsw.mint(idp.minter(), encrypted(Encryption.aesGcm(SpKeys.current().certificate())));
    Element keyInfo = Xsw.child(encryptedData(document), Xsw.DSIG, "KeyInfo");
    Element retrieval = document.createElementNS(Xsw.DSIG, "ds:RetrievalMethod");
    retrieval.setAttribute("URI", "http://attacker.test/key");
    retrieval.setAttribute("Type", "http://www.w3.org/2001/04/xmlenc#EncryptedKey");
    keyInfo.insertBefore(retrieval, keyInfo.getFirstChild());
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.ENCRYPTION_PROFILE);
  }

  @Test
  void consumeWhenEncryptedAssertionIsUnsignedInUnsignedResponseThenRejectsWithUnsigned() {
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.current().certificate()));
    spec.signAssertion = false;
    assertRejected(() -> sp.consume(spec), Reason.UNSIGNED);
  }

  @Test
  void consumeWhenEncryptedAssertionIsUnsignedInSignedResponseThenAccepts() throws Rejection {
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.current().certificate()));
    spec.signAssertion = false;
    spec.signResponse = true;
    assertAccepted(sp, spec);
  }

  @Test
  void consumeWhenEncryptedAssertionSignedByAttackerThenRejectsWithSignatureInvalid() {
    ResponseSpec spec = encrypted(Encryption.aesGcm(SpKeys.current().certificate()));
    assertRejected(() -> sp.consume(TestIdp.attacker(clock).mint(spec)), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenEncryptedAndPlainAssertionTogetherThenRejectsWithMultipleAssertions() {
    Document document =
        Xsw.mint(idp.minter(), encrypted(Encryption.aesGcm(SpKeys.current().certificate())));
    Element plain = Xsw.mint(idp.minter(), sp.valid()).getDocumentElement();
    document
        .getDocumentElement()
        .appendChild(document.importNode(Xsw.child(plain, Xsw.SAML2, "Assertion"), true));
    assertRejected(() -> sp.consume(Xsw.encode(document)), Reason.MULTIPLE_ASSERTIONS);
  }

  private TestSp rollingSp() {
    return TestConsumers.trusting(idp, clock).decryptWith(SpKeys.current(), SpKeys.next()).build();
  }

  private ResponseSpec encrypted(Encryption encryption) {
    return encrypted(encryption, sp);
  }

  private static ResponseSpec encrypted(Encryption encryption, TestSp target) {
    ResponseSpec spec = target.valid();
    spec.encryptFor = encryption;
    return spec;
  }

  private static void assertAccepted(TestSp target, ResponseSpec spec) throws Rejection {
    Saml2Login login = target.consume(spec);
    assertThat(login.assertion().assertionId()).isEqualTo(spec.assertionId);
    assertThat(login.assertion().subject().value()).isEqualTo(spec.nameId);
  }

  private static Element encryptedData(Document document) {
    Element encrypted = Xsw.child(document.getDocumentElement(), Xsw.SAML2, "EncryptedAssertion");
    return Xsw.child(encrypted, XENC, "EncryptedData");
  }

  private static Element cipherValue(Element encryptedData) {
    return Xsw.child(Xsw.child(encryptedData, XENC, "CipherData"), XENC, "CipherValue");
  }
}
