package org.spgate.core.saml2.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.StatusCode;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.saml2.logout.LogoutMessageReader.IdpLogoutRequest;
import org.spgate.core.saml2.logout.LogoutMessageReader.IdpLogoutResponse;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.time.ClockTicker;
import org.spgate.devidp.LogoutMinter;

/**
 * Logout messages from the IdP, minted at test time: each refusal beside the accepted control that
 * differs from it in one property (SECURITY.md A29-A33).
 */
class LogoutMessageReaderTest {

  static final String SLO_REDIRECT = "https://sp.test.example/Shibboleth.sso/SLO/Redirect";
  static final String SLO_POST = "https://sp.test.example/Shibboleth.sso/SLO/POST";
  static final LogoutSubject ALICE =
      new LogoutSubject(
          "alice-7f3a",
          NameIDType.PERSISTENT,
          TestIdp.ENTITY_ID,
          TestConsumers.SP_ENTITY_ID,
          "_session-index-1");

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  final LogoutMessageReader reader =
      new LogoutMessageReader(
          TestConsumers.registry(idp, clock),
          new AlgorithmPolicy(false),
          new CaffeineReplayCache(1000, clock, new ClockTicker(clock)),
          new TimeWindow(clock, TestConsumers.SKEW),
          TestConsumers.MESSAGE_LIFETIME);

  LogoutMinter minter() {
    return new LogoutMinter(idp.entityId(), idp.key(), clock);
  }

  static String query(String url) {
    return url.substring(url.indexOf('?') + 1);
  }

  @Test
  void requestFromRedirectWhenSignedByIdpThenCarriesNameIdQualifiersAndSessionIndex()
      throws Rejection {
    IdpLogoutRequest request =
        reader.requestFromRedirect(
            query(minter().requestRedirect(SLO_REDIRECT, "_lr1", ALICE)), SLO_REDIRECT);
    assertThat(request.issuer()).isEqualTo(TestIdp.ENTITY_ID);
    assertThat(request.id()).isEqualTo("_lr1");
    assertThat(request.subject()).isEqualTo(ALICE);
  }

  @Test
  void requestFromRedirectWhenUnsignedThenRejectsWithUnsigned() {
    String url = minter().unsigned().requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    assertRejected(() -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.UNSIGNED);
  }

  @Test
  void requestFromRedirectWhenSignedByAnotherKeyThenRejectsWithSignatureInvalid() {
    String url =
        minter()
            .signedBy(TestIdp.attacker(clock).key())
            .requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    assertRejected(
        () -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.SIGNATURE_INVALID);
  }

  @Test
  void requestFromRedirectWhenQueryReEncodedThenRejectsWithSignatureInvalid() {
    String url = minter().requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    // The same decoded values in other (equally valid) percent-encoding: the signature covers the
    // received octets, so a verifier that decoded and re-encoded would have accepted this.
    String reEncoded = query(url).replace("%3A", "%3a").replace("%2F", "%2f");
    assertThat(reEncoded).isNotEqualTo(query(url));
    assertRejected(
        () -> reader.requestFromRedirect(reEncoded, SLO_REDIRECT), Reason.SIGNATURE_INVALID);
  }

  @Test
  void requestFromRedirectWhenParametersReorderedThenAcceptsAsTheSignedOctetsHaveAFixedOrder()
      throws Rejection {
    String[] parts = query(minter().requestRedirect(SLO_REDIRECT, "_lr1", ALICE)).split("&");
    // SAML bindings 3.4.4.1 fixes the order of the signed octets, not of the query: same bytes.
    String reordered = parts[2] + "&" + parts[0] + "&" + parts[1];
    assertThat(reader.requestFromRedirect(reordered, SLO_REDIRECT).subject()).isEqualTo(ALICE);
  }

  @Test
  void requestFromRedirectWhenAValueIsTamperedThenRejectsWithSignatureInvalid() {
    String url = minter().requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    String tampered = query(url).replace("SigAlg=", "RelayState=x&SigAlg=");
    assertRejected(
        () -> reader.requestFromRedirect(tampered, SLO_REDIRECT), Reason.SIGNATURE_INVALID);
  }

  @Test
  void requestFromRedirectWhenIssuerNotInMetadataThenRejectsWithUnknownIssuer() {
    TestIdp attacker = TestIdp.attacker(clock);
    String url =
        new LogoutMinter("https://unknown-idp.example/idp", attacker.key(), clock)
            .requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    assertRejected(
        () -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.UNKNOWN_ISSUER);
  }

  @Test
  void requestFromRedirectWhenDestinationIsAnotherEndpointThenRejectsWithWrongDestination() {
    String url =
        minter()
            .destination("https://other.example/Shibboleth.sso/SLO/Redirect")
            .requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    assertRejected(
        () -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.WRONG_DESTINATION);
  }

  @Test
  void requestFromRedirectWhenIssuedBeyondLifetimeAndSkewThenRejectsWithExpired() throws Rejection {
    Duration stale = TestConsumers.MESSAGE_LIFETIME.plus(TestConsumers.SKEW).plusSeconds(1);
    String url = minter().issuedAgo(stale).requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    assertRejected(() -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.EXPIRED);
    // Control: within the skew it is still accepted.
    Duration late = TestConsumers.MESSAGE_LIFETIME.plus(TestConsumers.SKEW).minusSeconds(5);
    String fresh = minter().issuedAgo(late).requestRedirect(SLO_REDIRECT, "_lr2", ALICE);
    assertThat(reader.requestFromRedirect(query(fresh), SLO_REDIRECT).id()).isEqualTo("_lr2");
  }

  @Test
  void requestFromRedirectWhenSameIdSentTwiceThenRejectsTheSecondWithReplayed() throws Rejection {
    String url = minter().requestRedirect(SLO_REDIRECT, "_lr1", ALICE);
    reader.requestFromRedirect(query(url), SLO_REDIRECT);
    assertRejected(() -> reader.requestFromRedirect(query(url), SLO_REDIRECT), Reason.REPLAYED);
  }

  @Test
  void requestFromPostWhenSignedThenAcceptsAndWhenUnsignedRejectsWithUnsigned() throws Rejection {
    String signed = minter().requestPost(SLO_POST, "_lp1", ALICE);
    assertThat(reader.requestFromPost(signed, "rs", SLO_POST).subject()).isEqualTo(ALICE);
    String unsigned = minter().unsigned().requestPost(SLO_POST, "_lp2", ALICE);
    assertRejected(() -> reader.requestFromPost(unsigned, null, SLO_POST), Reason.UNSIGNED);
  }

  @Test
  void requestFromPostWhenSignedByAnotherKeyThenRejectsWithSignatureInvalid() {
    String post =
        minter().signedBy(TestIdp.attacker(clock).key()).requestPost(SLO_POST, "_lp1", ALICE);
    assertRejected(() -> reader.requestFromPost(post, null, SLO_POST), Reason.SIGNATURE_INVALID);
  }

  @Test
  void responseFromRedirectWhenSignedThenCarriesInResponseToStatusAndRelayState() throws Rejection {
    String url =
        minter().responseRedirect(SLO_REDIRECT, "_resp1", "_our-req", StatusCode.SUCCESS, "tok");
    IdpLogoutResponse response = reader.responseFromRedirect(query(url), SLO_REDIRECT);
    assertThat(response.inResponseTo()).isEqualTo("_our-req");
    assertThat(response.success()).isTrue();
    assertThat(response.relayState()).isEqualTo("tok");
    String failed =
        minter().responseRedirect(SLO_REDIRECT, "_resp2", "_our-req", StatusCode.RESPONDER, null);
    assertThat(reader.responseFromRedirect(query(failed), SLO_REDIRECT).success()).isFalse();
  }

  @Test
  void responseFromRedirectWhenUnsignedThenRejectsWithUnsigned() {
    String url = minter().unsigned().successRedirect(SLO_REDIRECT, "_resp1", "_our-req");
    assertRejected(() -> reader.responseFromRedirect(query(url), SLO_REDIRECT), Reason.UNSIGNED);
  }

  @Test
  void responseFromPostWhenUnsignedThenRejectsWithUnsignedBesideSignedControl() throws Rejection {
    String signed = minter().responsePost(SLO_POST, "_rp1", "_our-req", StatusCode.SUCCESS);
    assertThat(reader.responseFromPost(signed, null, SLO_POST).success()).isTrue();
    String unsigned =
        minter().unsigned().responsePost(SLO_POST, "_rp2", "_our-req", StatusCode.SUCCESS);
    assertRejected(() -> reader.responseFromPost(unsigned, null, SLO_POST), Reason.UNSIGNED);
  }

  @Test
  void redirectBindingWhenSignedBySpThenVerifiesWithSpCertificateOnly() throws Rejection {
    var sp = TestConsumers.SpKeys.current();
    String url =
        RedirectBinding.encode(
            "https://idp.test.example/slo", RedirectBinding.REQUEST, "<x/>", "r", sp);
    RedirectQuery query = RedirectQuery.parse(query(url));
    AlgorithmPolicy policy = new AlgorithmPolicy(false);
    RedirectBinding.verify(
        query, RedirectBinding.REQUEST, List.of(sp.certificate().getPublicKey()), policy);
    assertRejected(
        () ->
            RedirectBinding.verify(
                query,
                RedirectBinding.REQUEST,
                List.of(idp.key().certificate().getPublicKey()),
                policy),
        Reason.SIGNATURE_INVALID);
  }
}
