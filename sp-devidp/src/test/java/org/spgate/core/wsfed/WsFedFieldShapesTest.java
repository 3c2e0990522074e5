package org.spgate.core.wsfed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.AssertionDecrypter;
import org.spgate.core.session.RandomIds;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers.SpKeys;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.time.ClockTicker;
import org.spgate.devidp.Encryption;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.devidp.WsFedTokenSpec.AppliesToStyle;
import org.spgate.devidp.WsFedTokenSpec.RstrForm;
import org.spgate.devidp.WsFedTokenSpec.TokenType;

/**
 * The shapes WS-Federation IdPs other than the default AD FS token send (AppliesTo in either
 * WS-Addressing namespace, default-namespace EPRs, no Lifetime, no SubjectConfirmation) and AD FS's
 * encrypted tokens (SAML 1.1 in an {@code xenc:EncryptedData}, SAML 2.0 in an EncryptedAssertion),
 * each accepted beside the refusal of its near miss.
 */
class WsFedFieldShapesTest {

  static final String REALM = "https://sp.test.example/shibboleth";
  static final String REPLY = "https://sp.test.example/Shibboleth.sso/ADFS";
  static final String XENC = "http://www.w3.org/2001/04/xmlenc#";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  IdpRegistry registry;
  PendingLogins pending;
  ReplayCache replay;
  String wctx;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(idp.writeMetadata(dir)), clock);
    registry = new IdpRegistry(idps, idps.get(0), clock);
    ClockTicker ticker = new ClockTicker(clock);
    pending = new CaffeinePendingLogins(Duration.ofMinutes(10), 1000, ticker);
    replay = new CaffeineReplayCache(1000, clock, ticker);
  }

  WsFedSignInConsumer consumer(boolean allowCbc, SpCredential... keys) {
    return new WsFedSignInConsumer(
        new WsFedSettings(REALM, REPLY, Duration.ofMinutes(5), 1 << 20, false),
        registry,
        new SignatureVerifier(new AlgorithmPolicy(false)),
        pending,
        replay,
        new TimeWindow(clock, Duration.ofSeconds(180)),
        List.of(keys),
        allowCbc);
  }

  WsFedSignInConsumer plain() {
    return consumer(false);
  }

  WsFedSignInConsumer adfs() {
    return consumer(true, SpKeys.current());
  }

  WsFedTokenSpec valid() {
    return idp.wsFed().spec(REALM).claim(WsFedTokenSpec.CLAIMS, "upn", "alice@example.org");
  }

  WsFedLogin consume(WsFedSignInConsumer consumer, String wresult) throws Rejection {
    String requestId = RandomIds.samlId();
    pending.put(new PendingLogin(requestId, "/app", TestIdp.ENTITY_ID, Protocol.WSFED));
    return consumer.consume("wsignin1.0", wresult, PendingLogins.relayStateFor(requestId));
  }

  String mint(WsFedTokenSpec spec) {
    return idp.wsFed().mintXml(spec);
  }

  // ---- AppliesTo ----

  @Test
  void consumeWhenAppliesToUsesAddressing2004ThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.addressing = WsFedTokenSpec.WSA_2004;
    assertThat(mint(spec)).contains(WsFedTokenSpec.WSA_2004);

    assertThat(consume(plain(), mint(spec)).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenAppliesToUsesAddressing2005ThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.addressing = WsFedTokenSpec.WSA_2005;
    assertThat(consume(plain(), mint(spec)).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenAppliesTo2004NamesAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.addressing = WsFedTokenSpec.WSA_2004;
    spec.appliesTo = "https://other-sp.example/shibboleth";
    assertRejected(() -> consume(plain(), mint(spec)), Reason.WRONG_AUDIENCE, "is not the realm");
  }

  @Test
  void consumeWhenAppliesTo2005NamesAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.appliesTo = "https://other-sp.example/shibboleth";
    assertRejected(() -> consume(plain(), mint(spec)), Reason.WRONG_AUDIENCE, "is not the realm");
  }

  @Test
  void consumeWhenEndpointReferenceDeclaresDefaultNamespaceWithWhitespaceThenAccepts()
      throws Rejection {
    for (String addressing : List.of(WsFedTokenSpec.WSA_2004, WsFedTokenSpec.WSA_2005)) {
      WsFedTokenSpec spec = valid();
      spec.addressing = addressing;
      spec.appliesToStyle = AppliesToStyle.DEFAULT_NAMESPACE;
      String wresult = mint(spec);
      assertThat(wresult).contains("<EndpointReference xmlns=\"" + addressing + "\">");

      assertThat(consume(plain(), wresult).assertion().assertionId()).isEqualTo(spec.assertionId);
    }
  }

  @Test
  void consumeWhenDefaultNamespaceEndpointReferenceNamesAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.addressing = WsFedTokenSpec.WSA_2004;
    spec.appliesToStyle = AppliesToStyle.DEFAULT_NAMESPACE;
    spec.appliesTo = REALM + "/other";
    assertRejected(() -> consume(plain(), mint(spec)), Reason.WRONG_AUDIENCE, "is not the realm");
  }

  @Test
  void consumeWhenEndpointReferenceInUnknownNamespaceThenRejectsNamingTheNamespace() {
    WsFedTokenSpec spec = valid();
    spec.addressing = "urn:example:not-addressing";
    assertRejected(
        () -> consume(plain(), mint(spec)),
        Reason.WRONG_AUDIENCE,
        "namespace 'urn:example:not-addressing'");
  }

  // ---- Lifetime and SubjectConfirmation ----

  @Test
  void consumeWhenNoLifetimeAndNoSubjectConfirmationThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.includeLifetime = false;
    spec.includeSubjectConfirmation = false;
    String wresult = mint(spec);
    assertThat(wresult).doesNotContain("Lifetime").doesNotContain("SubjectConfirmation");

    WsFedLogin login = consume(plain(), wresult);

    assertThat(login.assertion().subject().value()).isEqualTo("alice@example.org");
  }

  @Test
  void consumeWhenNoSubjectConfirmationButAudienceIsAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.includeSubjectConfirmation = false;
    spec.audiences = List.of("https://other-sp.example/shibboleth");
    assertRejected(() -> consume(plain(), mint(spec)), Reason.WRONG_AUDIENCE, "does not contain");
  }

  @Test
  void consumeWhenSaml11ThenAuthnContextClassIsTheAuthenticationMethod() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.authnMethod = "urn:federation:authentication:windows";

    WsFedLogin login = consume(plain(), mint(spec));

    assertThat(login.assertion().authnMethod()).isEqualTo("urn:federation:authentication:windows");
    assertThat(login.assertion().authnContextClass())
        .isEqualTo("urn:federation:authentication:windows");
  }

  // ---- encrypted tokens ----

  @Test
  void consumeWhenSaml11EncryptedAsAdfsDoesThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    String wresult = mint(spec);
    assertThat(wresult)
        .contains("EncryptedData")
        .contains(Encryption.AES256_CBC)
        .doesNotContain("alice@example.org");

    WsFedLogin login = consume(adfs(), wresult);

    assertThat(login.assertion().assertionId()).isEqualTo(spec.assertionId);
    assertThat(login.assertion().subject().value()).isEqualTo("alice@example.org");
    assertThat(login.assertion().attributes()).hasSize(1);
  }

  @Test
  void consumeWhenSaml11EncryptedWithGcmThenAcceptsWithoutCbcSetting() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.aesGcm(SpKeys.current().certificate());
    assertThat(consume(consumer(false, SpKeys.current()), mint(spec)).assertion().assertionId())
        .isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenCbcEncryptedTokenAndCbcNotAllowedThenRejectsWeakAlgorithmNamingTheSetting() {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    assertRejected(
        () -> consume(consumer(false, SpKeys.current()), mint(spec)),
        Reason.WEAK_ALGORITHM,
        "security.allowCbcEncryption");
  }

  @Test
  void consumeWhenSaml2EncryptedAssertionInRstrThenAccepts() throws Rejection {
    for (RstrForm form : RstrForm.values()) {
      WsFedTokenSpec spec = valid();
      spec.tokenType = TokenType.SAML20;
      spec.form = form;
      spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
      String wresult = mint(spec);
      assertThat(wresult).contains("EncryptedAssertion");

      assertThat(consume(adfs(), wresult).assertion().assertionId()).isEqualTo(spec.assertionId);
    }
  }

  @Test
  void consumeWhenSaml2TokenInBareEncryptedDataThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.tokenType = TokenType.SAML20;
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    spec.encryptAsEncryptedData = true;
    assertThat(consume(adfs(), mint(spec)).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenEncryptedForNextKeyDuringRolloverThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.next().certificate());
    WsFedSignInConsumer rolling = consumer(true, SpKeys.current(), SpKeys.next());
    assertThat(consume(rolling, mint(spec)).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenEncryptedToAnotherKeyThenRejectsWithTheOneDecryptionFailure() {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.next().certificate());
    assertRejected(
        () -> consume(adfs(), mint(spec)), Reason.DECRYPTION_FAILED, AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenSpHoldsNoKeyThenRejectsEncryptedTokenWithDecryptionFailed() {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    assertRejected(
        () -> consume(consumer(true), mint(spec)),
        Reason.DECRYPTION_FAILED,
        AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenCiphertextTamperedThenRejectsWithTheOneDecryptionFailure() {
    for (int position : new int[] {0, 5, 16, 100, -20, -1}) {
      WsFedTokenSpec spec = valid();
      spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
      String wresult = flipContentBit(mint(spec), position);
      assertRejected(
          () -> consume(adfs(), wresult), Reason.DECRYPTION_FAILED, AssertionDecrypter.FAILED);
    }
  }

  @Test
  void consumeWhenEncryptedTokenUnsignedThenRejectsWithTheOneDecryptionFailure() {
    WsFedTokenSpec spec = valid();
    spec.signed = false;
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    assertRejected(
        () -> consume(adfs(), mint(spec)), Reason.DECRYPTION_FAILED, AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenEncryptedTokenSignedByKeyNotInMetadataThenRejectsWithTheOneDecryptionFailure() {
    WsFedTokenSpec spec = valid();
    spec.signingKey = TestIdp.TestKeys.generate("attacker.test");
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    assertRejected(
        () -> consume(adfs(), mint(spec)), Reason.DECRYPTION_FAILED, AssertionDecrypter.FAILED);
  }

  @Test
  void consumeWhenEncryptedTokenValidButForAnotherRealmThenRejectsWrongAudienceAfterVerifying() {
    // After the signature verified, the checks are on authentic content: exact reasons again.
    WsFedTokenSpec spec = valid();
    spec.audiences = List.of("https://other-sp.example/shibboleth");
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    assertRejected(() -> consume(adfs(), mint(spec)), Reason.WRONG_AUDIENCE, "does not contain");
  }

  @Test
  void consumeWhenEncryptedDataReferencesRemoteCipherThenRejectsEncryptionProfile() {
    WsFedTokenSpec spec = valid();
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    String wresult = mint(spec);
    int last = wresult.lastIndexOf("CipherValue>");
    int open = wresult.lastIndexOf("<", wresult.lastIndexOf("<", last) - 1);
    String prefix = wresult.substring(open + 1, wresult.indexOf("CipherValue", open));
    String edited =
        wresult.substring(0, open)
            + "<"
            + prefix
            + "CipherReference URI=\"http://attacker.test/c\"/>"
            + wresult.substring(last + "CipherValue>".length());
    assertRejected(() -> consume(adfs(), edited), Reason.ENCRYPTION_PROFILE, "CipherReference");
  }

  @Test
  void consumeWhenIdpSignedOnlyTheEncryptedFormThenRejectsWithTheOneDecryptionFailure()
      throws Exception {
    // A valid IdP signature over the EncryptedData (beside it in the RSTR, by Id) is not a
    // signature over the assertion: the decrypted, unsigned assertion is refused.
    WsFedTokenSpec spec = valid();
    spec.signed = false;
    spec.encryptFor = Encryption.adfs(SpKeys.current().certificate());
    org.w3c.dom.Document document =
        org.spgate.core.opensaml.OpenSaml.xml()
            .parse(mint(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    org.w3c.dom.Element data =
        (org.w3c.dom.Element) document.getElementsByTagNameNS(XENC, "EncryptedData").item(0);
    data.setAttributeNS(null, "Id", "_encrypted-token");
    data.setIdAttributeNS(null, "Id", true);
    org.apache.xml.security.signature.XMLSignature signature =
        new org.apache.xml.security.signature.XMLSignature(
            document,
            "",
            org.apache.xml.security.signature.XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
            org.apache.xml.security.c14n.Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    org.w3c.dom.Element requested = (org.w3c.dom.Element) data.getParentNode();
    requested.getParentNode().insertBefore(signature.getElement(), requested.getNextSibling());
    org.apache.xml.security.transforms.Transforms transforms =
        new org.apache.xml.security.transforms.Transforms(document);
    transforms.addTransform(
        org.apache.xml.security.transforms.Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
    signature.addDocument(
        "#_encrypted-token", transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
    signature.sign(idp.key().privateKey());
    assertThat(signature.checkSignatureValue(idp.key().certificate().getPublicKey())).isTrue();
    String wresult =
        net.shibboleth.utilities.java.support.xml.SerializeSupport.nodeToString(document);

    assertRejected(
        () -> consume(adfs(), wresult), Reason.DECRYPTION_FAILED, AssertionDecrypter.FAILED);
  }

  /** Flips the lowest bit of one byte of the content ciphertext (the last CipherValue). */
  static String flipContentBit(String wresult, int position) {
    int end = wresult.lastIndexOf("CipherValue>");
    int close = wresult.lastIndexOf("<", end);
    int start = wresult.lastIndexOf(">", close) + 1;
    // The serialiser writes the line breaks of the base64 text as character references.
    String text = wresult.substring(start, close).replace("&#13;", "");
    byte[] cipher = Base64.getMimeDecoder().decode(text);
    assertThat(cipher.length % 16).isZero();
    int at = position < 0 ? cipher.length + position : position;
    cipher[at] ^= 0x01;
    return wresult.substring(0, start)
        + Base64.getEncoder().encodeToString(cipher)
        + wresult.substring(close);
  }

  static void assertRejected(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason, String detail) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejection.class)
        .satisfies(
            e -> {
              assertThat(((Rejection) e).reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(detail);
            });
  }
}
