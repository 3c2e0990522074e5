package org.spgate.core.wsfed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.session.RandomIds;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.time.ClockTicker;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.devidp.WsFedTokenSpec.RstrForm;
import org.spgate.devidp.WsFedTokenSpec.TokenType;

class WsFedSignInConsumerTest {

  static final String REALM = "https://sp.test.example/shibboleth";
  static final String REPLY = "https://sp.test.example/Shibboleth.sso/ADFS";
  static final String SIGN_IN = "wsignin1.0";
  static final Duration SKEW = Duration.ofSeconds(180);

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  IdpRegistry registry;
  PendingLogins pending;
  ReplayCache replay;
  WsFedSignInConsumer consumer;
  String wctx;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(idp.writeMetadata(dir)), clock);
    registry = new IdpRegistry(idps, idps.get(0), clock);
    ClockTicker ticker = new ClockTicker(clock);
    pending = new CaffeinePendingLogins(Duration.ofMinutes(10), 1000, ticker);
    replay = new CaffeineReplayCache(1000, clock, ticker);
    consumer = consumer(false);
    String requestId = RandomIds.samlId();
    pending.put(new PendingLogin(requestId, "/app", TestIdp.ENTITY_ID, Protocol.WSFED));
    wctx = PendingLogins.relayStateFor(requestId);
  }

  WsFedSignInConsumer consumer(boolean allowUnsolicited) {
    return Consumers.build(
            TestConsumers.settings(allowUnsolicited, false),
            registry,
            pending,
            replay,
            clock,
            List.of())
        .wsFed();
  }

  WsFedTokenSpec valid() {
    return idp.wsFed()
        .spec(REALM)
        .claim(WsFedTokenSpec.CLAIMS, "upn", "alice@example.org")
        .claim(WsFedTokenSpec.CLAIMS, "emailaddress", "alice.smith@example.org")
        .claim(WsFedTokenSpec.CLAIMS, "givenname", "Alice")
        .claim(WsFedTokenSpec.CLAIMS, "surname", "Smith")
        .claim(WsFedTokenSpec.CLAIMS, "name", "EXAMPLE\\alice")
        .claim(WsFedTokenSpec.MS_CLAIMS, "role", "Staff", "Admins")
        .claim(WsFedTokenSpec.MS_CLAIMS, "groups", "S-1-5-21-1-2-3-513");
  }

  WsFedTokenSpec valid(TokenType type, RstrForm form) {
    WsFedTokenSpec spec = valid();
    spec.tokenType = type;
    spec.form = form;
    return spec;
  }

  String mint(WsFedTokenSpec spec) {
    return idp.wsFed().mintXml(spec);
  }

  WsFedLogin consume(String wresult) throws Rejection {
    return consumer.consume(SIGN_IN, wresult, wctx);
  }

  // ---- accepted: both token types in both RSTR forms ----

  @Test
  void consumeWhenSaml11InTrust13CollectionThenReturnsClaimsAndSubject() throws Rejection {
    WsFedTokenSpec spec = valid(TokenType.SAML11, RstrForm.TRUST_13);
    spec.nameQualifier = "example.org";

    WsFedLogin login = consume(mint(spec));

    VerifiedAssertion assertion = login.assertion();
    assertThat(assertion.protocol()).isEqualTo(Protocol.WSFED);
    assertThat(assertion.issuer()).isEqualTo(TestIdp.ENTITY_ID);
    assertThat(assertion.assertionId()).isEqualTo(spec.assertionId);
    assertThat(assertion.subject())
        .isEqualTo(
            new NameIdValue("alice@example.org", WsFedTokenSpec.EMAIL_FORMAT, "example.org", null));
    assertThat(assertion.authnMethod()).isEqualTo("urn:oasis:names:tc:SAML:1.0:am:password");
    assertThat(Instant.parse(assertion.authnInstant())).isEqualTo(clock.instant());
    assertThat(assertion.sessionIndex()).isNull();
    assertThat(assertion.attributes())
        .containsExactly(
            attribute(WsFedTokenSpec.CLAIMS, "upn", "alice@example.org"),
            attribute(WsFedTokenSpec.CLAIMS, "emailaddress", "alice.smith@example.org"),
            attribute(WsFedTokenSpec.CLAIMS, "givenname", "Alice"),
            attribute(WsFedTokenSpec.CLAIMS, "surname", "Smith"),
            attribute(WsFedTokenSpec.CLAIMS, "name", "EXAMPLE\\alice"),
            attribute(WsFedTokenSpec.MS_CLAIMS, "role", "Staff", "Admins"),
            attribute(WsFedTokenSpec.MS_CLAIMS, "groups", "S-1-5-21-1-2-3-513"));
    assertThat(login.pendingLogin().target()).isEqualTo("/app");
  }

  @Test
  void consumeWhenSaml11InTrust2005RstrThenAccepts() throws Rejection {
    WsFedLogin login = consume(mint(valid(TokenType.SAML11, RstrForm.TRUST_2005)));

    assertThat(login.assertion().subject().value()).isEqualTo("alice@example.org");
    assertThat(login.assertion().attributes()).hasSize(7);
  }

  @Test
  void consumeWhenSaml2InTrust13CollectionThenReturnsClaimsAndSubject() throws Rejection {
    WsFedTokenSpec spec = valid(TokenType.SAML20, RstrForm.TRUST_13);

    WsFedLogin login = consume(mint(spec));

    VerifiedAssertion assertion = login.assertion();
    assertThat(assertion.protocol()).isEqualTo(Protocol.WSFED);
    assertThat(assertion.assertionId()).isEqualTo(spec.assertionId);
    assertThat(assertion.subject().value()).isEqualTo("alice@example.org");
    assertThat(assertion.subject().format()).isEqualTo(WsFedTokenSpec.EMAIL_FORMAT);
    assertThat(assertion.attributes())
        .extracting(RawAttribute::name)
        .contains(WsFedTokenSpec.CLAIMS + "/upn", WsFedTokenSpec.MS_CLAIMS + "/role");
    assertThat(assertion.attributes().get(0).values())
        .containsExactly(RawValue.of("alice@example.org"));
    assertThat(login.pendingLogin()).isNotNull();
  }

  @Test
  void consumeWhenSaml2InTrust2005RstrThenAccepts() throws Rejection {
    WsFedLogin login = consume(mint(valid(TokenType.SAML20, RstrForm.TRUST_2005)));

    assertThat(login.assertion().issuer()).isEqualTo(TestIdp.ENTITY_ID);
  }

  @Test
  void consumeWhenSaml11HasNoNameIdentifierThenSubjectIsNull() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.nameIdentifier = null;

    assertThat(consume(mint(spec)).assertion().subject()).isNull();
  }

  // ---- signature ----

  @Test
  void consumeWhenSaml11AssertionUnsignedThenRejectsUnsigned() {
    WsFedTokenSpec spec = valid();
    spec.signed = false;
    assertRejected(() -> consume(mint(spec)), Reason.UNSIGNED);
  }

  @Test
  void consumeWhenSaml2AssertionUnsignedThenRejectsUnsigned() {
    WsFedTokenSpec spec = valid(TokenType.SAML20, RstrForm.TRUST_13);
    spec.signed = false;
    assertRejected(() -> consume(mint(spec)), Reason.UNSIGNED);
  }

  @Test
  void consumeWhenSignedWithKeyNotInMetadataThenRejectsSignatureInvalid() {
    WsFedTokenSpec spec = valid();
    spec.signingKey = TestIdp.TestKeys.generate("attacker.example");
    assertRejected(() -> consume(mint(spec)), Reason.SIGNATURE_INVALID);
    WsFedTokenSpec saml2 = valid(TokenType.SAML20, RstrForm.TRUST_13);
    saml2.signingKey = spec.signingKey;
    assertRejected(() -> consume(mint(saml2)), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenSignedClaimValueChangedThenRejectsSignatureInvalid() {
    String tampered = mint(valid()).replace("alice.smith@example.org", "bob@example.org");
    assertRejected(() -> consume(tampered), Reason.SIGNATURE_INVALID);
  }

  @Test
  void consumeWhenIssuerNotInMetadataThenRejectsUnknownIssuer() {
    WsFedTokenSpec spec = valid();
    spec.issuer = "http://other-adfs.example/adfs/services/trust";
    assertRejected(() -> consume(mint(spec)), Reason.UNKNOWN_ISSUER);
  }

  // ---- time: both sides of the skew ----

  @Test
  void consumeWhenSaml11ExpiredWithinSkewThenAcceptsAndBeyondSkewThenRejectsExpired()
      throws Rejection {
    WsFedTokenSpec within = valid();
    within.notOnOrAfter = clock.instant().minus(SKEW).plusSeconds(5);
    assertThat(consume(mint(within)).assertion().assertionId()).isEqualTo(within.assertionId);

    WsFedTokenSpec beyond = valid();
    beyond.notOnOrAfter = clock.instant().minus(SKEW).minusSeconds(5);
    assertRejected(() -> consume(mint(beyond)), Reason.EXPIRED);
  }

  @Test
  void consumeWhenSaml11NotYetValidWithinSkewThenAcceptsAndBeyondSkewThenRejectsNotYetValid()
      throws Rejection {
    WsFedTokenSpec within = valid();
    within.notBefore = clock.instant().plus(SKEW).minusSeconds(5);
    consume(mint(within));

    WsFedTokenSpec beyond = valid();
    beyond.notBefore = clock.instant().plus(SKEW).plusSeconds(5);
    assertRejected(() -> consume(mint(beyond)), Reason.NOT_YET_VALID);
  }

  @Test
  void consumeWhenSaml2ExpiredWithinSkewThenAcceptsAndBeyondSkewThenRejectsExpired()
      throws Rejection {
    WsFedTokenSpec within = valid(TokenType.SAML20, RstrForm.TRUST_13);
    within.notOnOrAfter = clock.instant().minus(SKEW).plusSeconds(5);
    consume(mint(within));

    WsFedTokenSpec beyond = valid(TokenType.SAML20, RstrForm.TRUST_13);
    beyond.notOnOrAfter = clock.instant().minus(SKEW).minusSeconds(5);
    assertRejected(() -> consume(mint(beyond)), Reason.EXPIRED);
  }

  @Test
  void consumeWhenSaml2NotYetValidBeyondSkewThenRejectsNotYetValid() throws Rejection {
    WsFedTokenSpec within = valid(TokenType.SAML20, RstrForm.TRUST_13);
    within.notBefore = clock.instant().plus(SKEW).minusSeconds(5);
    consume(mint(within));

    WsFedTokenSpec beyond = valid(TokenType.SAML20, RstrForm.TRUST_13);
    beyond.notBefore = clock.instant().plus(SKEW).plusSeconds(5);
    assertRejected(() -> consume(mint(beyond)), Reason.NOT_YET_VALID);
  }

  @Test
  void consumeWhenTokenPostedAfterItsLifetimeThenRejectsExpired() {
    String wresult = mint(valid());
    clock.advance(Duration.ofMinutes(5).plus(SKEW).plusSeconds(1));
    assertRejected(() -> consume(wresult), Reason.EXPIRED);
  }

  @Test
  void consumeWhenIssueInstantOlderThanMessageLifetimeThenRejectsExpired() throws Rejection {
    WsFedTokenSpec within = valid();
    within.issueInstant = clock.instant().minus(Duration.ofMinutes(5)).minus(SKEW).plusSeconds(5);
    consume(mint(within));

    WsFedTokenSpec beyond = valid();
    beyond.issueInstant = clock.instant().minus(Duration.ofMinutes(5)).minus(SKEW).minusSeconds(5);
    assertRejected(() -> consume(mint(beyond)), Reason.EXPIRED);
  }

  @Test
  void consumeWhenRstrLifetimeExpiredThenRejectsExpired() {
    WsFedTokenSpec spec = valid();
    spec.lifetimeExpires = clock.instant().minus(SKEW).minusSeconds(5);
    assertRejected(() -> consume(mint(spec)), Reason.EXPIRED);
  }

  @Test
  void consumeWhenRstrHasNoLifetimeThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.includeLifetime = false;
    consume(mint(spec));
  }

  // ---- audience ----

  @Test
  void consumeWhenSaml11AudienceIsAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.audiences = List.of("https://other-sp.example/");
    assertRejected(() -> consume(mint(spec)), Reason.WRONG_AUDIENCE);
  }

  @Test
  void consumeWhenSaml2AudienceIsAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid(TokenType.SAML20, RstrForm.TRUST_13);
    spec.audiences = List.of("https://other-sp.example/");
    assertRejected(() -> consume(mint(spec)), Reason.WRONG_AUDIENCE);
  }

  @Test
  void consumeWhenAppliesToIsAnotherRealmThenRejectsWrongAudience() {
    WsFedTokenSpec spec = valid();
    spec.appliesTo = "https://other-sp.example/";
    assertRejected(() -> consume(mint(spec)), Reason.WRONG_AUDIENCE);
  }

  @Test
  void consumeWhenAppliesToAbsentThenAccepts() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.appliesTo = null;
    consume(mint(spec));
  }

  // ---- replay ----

  @Test
  void consumeWhenSameTokenPostedTwiceThenRejectsReplay() throws Rejection {
    consumer = consumer(true);
    String wresult = mint(valid());
    consumer.consume(SIGN_IN, wresult, null);
    assertRejected(() -> consumer.consume(SIGN_IN, wresult, null), Reason.REPLAYED);
  }

  @Test
  void consumeWhenSaml2TokenPostedTwiceThenRejectsReplay() throws Rejection {
    consumer = consumer(true);
    String wresult = mint(valid(TokenType.SAML20, RstrForm.TRUST_2005));
    consumer.consume(SIGN_IN, wresult, null);
    assertRejected(() -> consumer.consume(SIGN_IN, wresult, null), Reason.REPLAYED);
  }

  // ---- signature wrapping ----

  WsFedTokenSpec evil() {
    WsFedTokenSpec evil =
        idp.wsFed().spec(REALM).claim(WsFedTokenSpec.CLAIMS, "upn", "admin@example.org");
    evil.nameIdentifier = "admin@example.org";
    evil.signed = false;
    return evil;
  }

  @Test
  void consumeWhenUnsignedAssertionPrecedesSignedOneInRequestedTokenThenRejectsMultiple() {
    String evil = idp.wsFed().mintAssertionXml(evil());
    String wresult =
        mint(valid()).replace("<t:RequestedSecurityToken>", "<t:RequestedSecurityToken>" + evil);
    assertRejected(() -> consume(wresult), Reason.MULTIPLE_ASSERTIONS);
  }

  @Test
  void consumeWhenUnsignedAssertionElsewhereInRstrThenRejectsMultiple() {
    String evil = idp.wsFed().mintAssertionXml(evil());
    String wresult =
        mint(valid())
            .replace(
                "<t:TokenType>",
                "<t:RequestedProofToken>" + evil + "</t:RequestedProofToken><t:TokenType>");
    assertRejected(() -> consume(wresult), Reason.MULTIPLE_ASSERTIONS);
  }

  @Test
  void consumeWhenSignedAssertionMovedOutAndEvilOneInsertedThenRejectsMultiple() {
    WsFedTokenSpec good = valid();
    String signed = idp.wsFed().mintAssertionXml(good);
    WsFedTokenSpec evilWrapper = evil();
    String evilRstr = idp.wsFed().mintXml(evilWrapper);
    String wresult =
        evilRstr.replace("<t:TokenType>", "<t:Extra>" + signed + "</t:Extra><t:TokenType>");
    assertRejected(() -> consume(wresult), Reason.MULTIPLE_ASSERTIONS);
  }

  @Test
  void consumeWhenEvilAssertionReusesSignedAssertionIdThenRejectsDuplicateId() {
    WsFedTokenSpec good = valid();
    WsFedTokenSpec evil = evil();
    evil.assertionId = good.assertionId;
    String wresult =
        mint(good)
            .replace(
                "<t:TokenType>",
                "<t:Extra>" + idp.wsFed().mintAssertionXml(evil) + "</t:Extra><t:TokenType>");
    assertRejected(() -> consume(wresult), Reason.DUPLICATE_ID);
  }

  @Test
  void consumeWhenRequestedTokenHoldsNoAssertionThenRejects() {
    String wresult =
        mint(valid())
            .replaceAll(
                "(?s)<t:RequestedSecurityToken>.*</t:RequestedSecurityToken>",
                "<t:RequestedSecurityToken><x:Other xmlns:x=\"urn:x\"/></t:RequestedSecurityToken>");
    assertRejected(() -> consume(wresult), Reason.UNEXPECTED_MESSAGE);
  }

  // ---- values ----

  @Test
  void consumeWhenCommentSplitsClaimValueThenFullValueIsKept() throws Rejection {
    WsFedTokenSpec spec = valid();
    spec.claims.clear();
    spec.claim(WsFedTokenSpec.CLAIMS, "upn", "alice@example.org.evil.test");
    spec.nameIdentifier = "alice@example.org.evil.test";
    // Comments are outside canonical XML, so the signature still verifies (CVE-2017-11427).
    String wresult =
        mint(spec).replace("alice@example.org.evil.test", "alice@example.org<!---->.evil.test");
    assertThat(wresult).contains("<!---->");

    VerifiedAssertion assertion = consume(wresult).assertion();

    assertThat(assertion.attributes().get(0).values().get(0).text())
        .isEqualTo("alice@example.org.evil.test");
    assertThat(assertion.subject().value()).isEqualTo("alice@example.org.evil.test");
  }

  // ---- the message ----

  @Test
  void consumeWhenWaIsNotSignInThenRejectsUnexpectedMessage() {
    String wresult = mint(valid());
    assertRejected(() -> consumer.consume("wsignin2.0", wresult, wctx), Reason.UNEXPECTED_MESSAGE);
    assertRejected(() -> consumer.consume("wsignout1.0", wresult, wctx), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenWresultIsSaml2ResponseThenRejectsUnexpectedMessage() {
    String response = idp.minter().mintXml(idp.spec(REALM, REPLY));
    assertRejected(() -> consume(response), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenWresultIsBrokenXmlThenRejectsMalformedXml() {
    String wresult = mint(valid());
    assertRejected(() -> consume(wresult.substring(0, wresult.length() / 2)), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenWresultHasDoctypeThenRejectsMalformedXml() {
    String wresult = "<!DOCTYPE t [<!ENTITY x \"y\">]>" + mint(valid());
    assertRejected(() -> consume(wresult), Reason.MALFORMED_XML);
  }

  @Test
  void consumeWhenWresultIsOverTheLimitThenRejectsTooLarge() {
    consumer =
        Consumers.build(
                new Consumers.Settings(
                    REALM,
                    TestConsumers.ACS_URL,
                    REPLY,
                    Duration.ofMinutes(5),
                    2000,
                    false,
                    false,
                    SKEW,
                    false),
                registry,
                pending,
                replay,
                clock,
                List.of())
            .wsFed();
    assertRejected(() -> consume(mint(valid())), Reason.MESSAGE_TOO_LARGE);
  }

  @Test
  void consumeWhenWresultEmptyThenRejectsMissingMessage() {
    assertRejected(() -> consume(""), Reason.MISSING_MESSAGE);
  }

  @Test
  void consumeWhenBareTrust13RstrWithoutCollectionThenRejectsUnexpectedMessage() {
    String wresult =
        mint(valid(TokenType.SAML11, RstrForm.TRUST_13))
            .replaceFirst("<t:RequestSecurityTokenResponseCollection[^>]*>", "")
            .replace("</t:RequestSecurityTokenResponseCollection>", "")
            .replaceFirst(
                "<t:RequestSecurityTokenResponse>",
                "<t:RequestSecurityTokenResponse xmlns:t=\""
                    + "http://docs.oasis-open.org/ws-sx/ws-trust/200512\">");
    assertRejected(() -> consume(wresult), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void consumeWhenInputIsMangledThenOnlyRejectionsOccur() {
    String wresult = mint(valid());
    for (int cut = 0; cut < wresult.length(); cut += 97) {
      String mangled = wresult.substring(0, cut) + "<x/>" + wresult.substring(cut);
      try {
        consume(mangled);
      } catch (Rejection expected) {
        // the contract: a result or a Rejection
      }
    }
    for (String garbage :
        List.of(
            "x",
            "<a/>",
            "<t:RequestSecurityTokenResponse xmlns:t=\""
                + RstrReader.TRUST_2005
                + "\"><t:RequestedSecurityToken><saml:Assertion xmlns:saml=\""
                + RstrReader.SAML1
                + "\" MajorVersion=\"1\" MinorVersion=\"1\" AssertionID=\"_1\""
                + " Issuer=\""
                + TestIdp.ENTITY_ID
                + "\" IssueInstant=\"not-a-date\"/>"
                + "</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>")) {
      assertThatThrownBy(() -> consume(garbage)).isInstanceOf(Rejection.class);
    }
  }

  // ---- wctx correlation ----

  @Test
  void consumeWhenWctxIsOursAndOutstandingThenReturnsPendingLoginOnce() throws Rejection {
    assertThat(consume(mint(valid())).pendingLogin().target()).isEqualTo("/app");
    assertRejected(() -> consume(mint(valid())), Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenWctxIsOursButUnknownThenRejectsEvenIfUnsolicitedAllowed() {
    consumer = consumer(true);
    String unknown = PendingLogins.relayStateFor(RandomIds.samlId());
    assertRejected(
        () -> consumer.consume(SIGN_IN, mint(valid()), unknown), Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenWctxNamesSaml2LoginThenRejectsUnknownInResponseTo() {
    String requestId = RandomIds.samlId();
    pending.put(new PendingLogin(requestId, "/", TestIdp.ENTITY_ID, Protocol.SAML2));
    assertRejected(
        () -> consumer.consume(SIGN_IN, mint(valid()), PendingLogins.relayStateFor(requestId)),
        Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenPendingLoginExpiredThenRejectsUnknownInResponseTo() {
    clock.advance(Duration.ofMinutes(11));
    assertRejected(() -> consume(mint(valid())), Reason.UNKNOWN_IN_RESPONSE_TO);
  }

  @Test
  void consumeWhenNoWctxAndUnsolicitedRefusedThenRejectsUnsolicited() {
    assertRejected(() -> consumer.consume(SIGN_IN, mint(valid()), null), Reason.UNSOLICITED);
    assertRejected(
        () -> consumer.consume(SIGN_IN, mint(valid()), "https://app/return"), Reason.UNSOLICITED);
  }

  @Test
  void consumeWhenNoWctxAndUnsolicitedAllowedThenAcceptsWithoutPendingLogin() throws Rejection {
    consumer = consumer(true);
    WsFedLogin login = consumer.consume(SIGN_IN, mint(valid()), null);
    assertThat(login.pendingLogin()).isNull();
    assertThat(login.assertion().subject().value()).isEqualTo("alice@example.org");
  }

  static RawAttribute attribute(String namespace, String name, String... values) {
    return new RawAttribute(name, namespace, List.of(values).stream().map(RawValue::of).toList());
  }

  static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejection.class)
        .satisfies(e -> assertThat(((Rejection) e).reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
