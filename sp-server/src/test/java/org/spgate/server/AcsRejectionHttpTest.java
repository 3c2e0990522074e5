package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * The ACS over HTTP: each rule of the response pipeline refuses with a 4xx page carrying its reason
 * code and a correlation id, sets no session cookie and creates no session — each beside an
 * accepted control.
 */
class AcsRejectionHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp = new TestSpGate(dir);
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  private static HttpResponse<String> mintAndPost(Consumer<ResponseSpec> tweak) throws Exception {
    StartedLogin login = sp.startLogin("/");
    ResponseSpec spec = sp.responseTo(login);
    tweak.accept(spec);
    return sp.postAcs(sp.idp.mint(spec), login.relayState());
  }

  private static void assertRejected(
      HttpResponse<String> response, Reason reason, long sessionsBefore) {
    assertThat(response.statusCode())
        .as(response.body())
        .isEqualTo(reason.httpStatus())
        .isBetween(400, 499);
    assertThat(response.body()).contains(reason.code()).contains("Correlation id");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(sp.runtime.sessions().size()).isEqualTo(sessionsBefore);
  }

  @Test
  void acsWhenResponseIsValidThenSessionAndRedirect() throws Exception {
    long before = sp.runtime.sessions().size();
    HttpResponse<String> acs = mintAndPost(spec -> {});
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Set-Cookie")).isPresent();
    assertThat(sp.runtime.sessions().size()).isEqualTo(before + 1);
  }

  @Test
  void acsWhenDestinationIsOtherThenRejectsWithWrongDestination() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(s -> s.destination = "https://other.test/Shibboleth.sso/SAML2/POST"),
        Reason.WRONG_DESTINATION,
        before);
  }

  @Test
  void acsWhenRecipientIsOtherThenRejectsWithWrongRecipient() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(s -> s.recipient = "https://other.test/Shibboleth.sso/SAML2/POST"),
        Reason.WRONG_RECIPIENT,
        before);
  }

  @Test
  void acsWhenAudienceIsOtherSpThenRejectsWithWrongAudience() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(s -> s.audiences = java.util.List.of("https://other.test/sp")),
        Reason.WRONG_AUDIENCE,
        before);
  }

  @Test
  void acsWhenExpiredWithinSkewThenAcceptedAndBeyondSkewThenRejectsWithExpired() throws Exception {
    // validity 5 min, skew 180 s: 5 s inside the skew is accepted, 5 s beyond is not.
    StartedLogin inside = sp.startLogin("/");
    String insideResponse = sp.idp.mint(sp.responseTo(inside));
    StartedLogin beyond = sp.startLogin("/");
    String beyondResponse = sp.idp.mint(sp.responseTo(beyond));
    Duration advanced = Duration.ZERO;
    try {
      sp.clock.advance(Duration.ofSeconds(300 + 180 - 5));
      advanced = Duration.ofSeconds(300 + 180 - 5);
      HttpResponse<String> accepted = sp.postAcs(insideResponse, inside.relayState());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);

      long before = sp.runtime.sessions().size();
      sp.clock.advance(Duration.ofSeconds(10));
      advanced = advanced.plusSeconds(10);
      assertRejected(sp.postAcs(beyondResponse, beyond.relayState()), Reason.EXPIRED, before);
    } finally {
      sp.clock.advance(advanced.negated());
    }
  }

  @Test
  void acsWhenInResponseToIsUnknownThenRejectsWithUnknownInResponseTo() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(s -> s.inResponseTo = "_neverAsked"), Reason.UNKNOWN_IN_RESPONSE_TO, before);
  }

  @Test
  void acsWhenUnsolicitedThenRejectsWithUnsolicited() throws Exception {
    ResponseSpec spec = sp.idp.spec(sp.entityId(), sp.acsUrl());
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    long before = sp.runtime.sessions().size();
    assertRejected(sp.postAcs(sp.idp.mint(spec), null), Reason.UNSOLICITED, before);
  }

  @Test
  void acsWhenSameResponseIsPostedTwiceThenSecondRejectsAsAnsweredRequest() throws Exception {
    StartedLogin login = sp.startLogin("/");
    String response = sp.idp.mint(sp.responseTo(login));
    assertThat(sp.postAcs(response, login.relayState()).statusCode()).isEqualTo(303);
    long before = sp.runtime.sessions().size();
    // The pending request is consumed by the first use, so the replay fails on InResponseTo.
    assertRejected(sp.postAcs(response, login.relayState()), Reason.UNKNOWN_IN_RESPONSE_TO, before);
  }

  @Test
  void acsWhenAssertionIdIsReusedForNewRequestThenRejectsWithReplayed() throws Exception {
    StartedLogin first = sp.startLogin("/");
    ResponseSpec spec = sp.responseTo(first);
    assertThat(sp.postAcs(sp.idp.mint(spec), first.relayState()).statusCode()).isEqualTo(303);
    StartedLogin second = sp.startLogin("/");
    ResponseSpec again = sp.responseTo(second);
    again.assertionId = spec.assertionId;
    long before = sp.runtime.sessions().size();
    assertRejected(sp.postAcs(sp.idp.mint(again), second.relayState()), Reason.REPLAYED, before);
  }

  @Test
  void acsWhenStatusIsNotSuccessThenRejectsWithStatusNotSuccess() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(s -> s.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester"),
        Reason.STATUS_NOT_SUCCESS,
        before);
  }

  @Test
  void acsWhenNothingIsSignedThenRejectsWithUnsigned() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        mintAndPost(
            s -> {
              s.signAssertion = false;
              s.signResponse = false;
            }),
        Reason.UNSIGNED,
        before);
  }

  @Test
  void acsWhenSamlResponseFieldIsMissingThenRejectsWithMissingMessage() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        sp.postForm("/Shibboleth.sso/SAML2/POST", Map.of("RelayState", "x")),
        Reason.MISSING_MESSAGE,
        before);
  }

  @Test
  void acsWhenGetInsteadOfPostThenRejectsWithMissingMessage() throws Exception {
    StartedLogin login = sp.startLogin("/");
    String response = sp.idp.mint(sp.responseTo(login));
    long before = sp.runtime.sessions().size();
    assertRejected(
        sp.get(
            "/Shibboleth.sso/SAML2/POST?SAMLResponse="
                + java.net.URLEncoder.encode(response, StandardCharsets.UTF_8)),
        Reason.MISSING_MESSAGE,
        before);
  }

  @Test
  void acsWhenBase64IsInvalidThenRejectsWithBadEncoding() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(sp.postAcs("not*base64!!", null), Reason.BAD_ENCODING, before);
  }

  @Test
  void acsWhenContentIsNotXmlThenRejectsWithMalformedXml() throws Exception {
    long before = sp.runtime.sessions().size();
    String notXml =
        Base64.getEncoder()
            .encodeToString("just some text, no markup".getBytes(StandardCharsets.UTF_8));
    assertRejected(sp.postAcs(notXml, null), Reason.MALFORMED_XML, before);
  }

  @Test
  void acsWhenBodyIsNotAFormThenRejectsWithMissingMessage() throws Exception {
    long before = sp.runtime.sessions().size();
    assertRejected(
        sp.send(
            sp.request("/Shibboleth.sso/SAML2/POST")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SAMLResponse\":\"x\"}"))
                .build()),
        Reason.MISSING_MESSAGE,
        before);
  }

  @Test
  void acsWhenSamlResponseFieldIsRepeatedThenRejectsWithUnexpectedMessage() throws Exception {
    StartedLogin login = sp.startLogin("/");
    String response =
        java.net.URLEncoder.encode(sp.idp.mint(sp.responseTo(login)), StandardCharsets.UTF_8);
    long before = sp.runtime.sessions().size();
    assertRejected(
        sp.send(
            sp.request("/Shibboleth.sso/SAML2/POST")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "SAMLResponse="
                            + response
                            + "&SAMLResponse="
                            + response
                            + "&RelayState="
                            + login.relayState()))
                .build()),
        Reason.UNEXPECTED_MESSAGE,
        before);
  }

  @Test
  void acsWhenBodyExceedsMessageLimitThenRejectsWithMessageTooLarge() throws Exception {
    long before = sp.runtime.sessions().size();
    String huge = "A".repeat(3 * 1024 * 1024);
    assertRejected(sp.postAcs(huge, null), Reason.MESSAGE_TOO_LARGE, before);
    // Control: the server still answers the next login normally.
    assertThat(mintAndPost(spec -> {}).statusCode()).isEqualTo(303);
  }

  /** A body without Content-Length, sent in small chunks: read as it arrives, like any other. */
  private static HttpResponse<String> postChunked(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    return sp.send(
        sp.request("/Shibboleth.sso/SAML2/POST")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new java.io.BufferedInputStream(
                            new java.io.ByteArrayInputStream(bytes), 512)))
            .build());
  }

  @Test
  void acsWhenChunkedBodyIsWithinLimitThenAcceptedAndOverLimitThenRejectsWithMessageTooLarge()
      throws Exception {
    StartedLogin login = sp.startLogin("/");
    String response = sp.idp.mint(sp.responseTo(login));
    long before = sp.runtime.sessions().size();
    HttpResponse<String> accepted =
        postChunked(
            "SAMLResponse="
                + java.net.URLEncoder.encode(response, StandardCharsets.UTF_8)
                + "&RelayState="
                + login.relayState());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
    assertThat(sp.runtime.sessions().size()).isEqualTo(before + 1);

    assertRejected(
        postChunked("SAMLResponse=" + "A".repeat(3 * 1024 * 1024)),
        Reason.MESSAGE_TOO_LARGE,
        before + 1);
  }
}
