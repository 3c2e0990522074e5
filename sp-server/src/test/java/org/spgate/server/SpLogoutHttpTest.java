package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.StatusCode;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.LogoutMinter;
import org.spgate.devidp.testing.Browser;
import org.spgate.server.reload.ConfigReload;
import org.spgate.server.testing.TestSpGate;

/**
 * SP-initiated Single Logout against a real spgate: {@code /Logout} ends the session and sends the
 * browser to the IdP's SingleLogoutService with a LogoutRequest signed in the query by the SP's
 * key; the IdP's LogoutResponse at {@code /SLO/Redirect} or {@code /SLO/POST} then sends it to the
 * {@code return} URL. Each refused LogoutResponse is followed by the valid one for the same pending
 * logout (its accepted control), which also shows a refusal does not use the logout up.
 */
class SpLogoutHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp = new TestSpGate(dir, "  - {path: /, backend: \"BACKEND\", auth: required}", "");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  /** A logout started at {@code /Logout}: the browser's redirect and the request in it. */
  record StartedLogout(HttpResponse<String> answer, String location, LogoutRequest request) {}

  static StartedLogout logout(String query, String cookie) throws Exception {
    HttpResponse<String> answer = sp.get("/Shibboleth.sso/Logout" + query, "Cookie", cookie);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    String location = answer.headers().firstValue("Location").orElseThrow();
    RedirectQuery redirect = RedirectQuery.parse(location.substring(location.indexOf('?') + 1));
    byte[] xml = RedirectBinding.decodeMessage(redirect, RedirectBinding.REQUEST, 1 << 16);
    LogoutRequest request =
        (LogoutRequest) OpenSaml.unmarshal(OpenSaml.xml().parse(xml).getDocumentElement());
    return new StartedLogout(answer, location, request);
  }

  static String startedLogoutId(String query) throws Exception {
    return logout(query, sp.login("/", spec -> {})).request().getID();
  }

  static LogoutMinter idp() {
    return new LogoutMinter(sp.idp.entityId(), sp.idp.key(), sp.clock);
  }

  static HttpResponse<String> deliver(String url) throws Exception {
    return sp.get("/Shibboleth.sso/SLO/Redirect" + url.substring(url.indexOf('?')));
  }

  static String sloRedirect() {
    return sp.runtime.sloUrl("Redirect");
  }

  static void assertAccepted(String inResponseTo) throws Exception {
    HttpResponse<String> control =
        deliver(
            idp().successRedirect(sloRedirect(), "_lr-control-" + System.nanoTime(), inResponseTo));
    assertThat(control.statusCode()).as("the valid LogoutResponse").isEqualTo(302);
    assertThat(control.headers().firstValue("Location")).hasValue(sp.url("/bye"));
  }

  static void assertRefused(HttpResponse<String> answer, int status, Reason reason) {
    assertThat(answer.statusCode()).isEqualTo(status);
    assertThat(answer.body()).contains(reason.code()).contains("Correlation id");
    assertThat(answer.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void logoutWhenIdpHasSloEndpointThenRedirectsWithSignedLogoutRequestNamingTheLogin()
      throws Exception {
    String nameId = "alice-" + System.nanoTime();
    String cookie =
        sp.login(
            "/",
            spec -> {
              spec.nameId = nameId;
              spec.sessionIndex = "_idx-slo-1";
            });

    StartedLogout started = logout("", cookie);

    assertThat(started.location()).startsWith(TestIdp.SLO_URL + "?SAMLRequest=");
    RedirectQuery query =
        RedirectQuery.parse(started.location().substring(started.location().indexOf('?') + 1));
    assertThat(query.value("SigAlg")).isEqualTo(AlgorithmPolicy.RSA_SHA256);
    assertThat(query.raw("RelayState")).isNull();
    RedirectBinding.verify(
        query,
        RedirectBinding.REQUEST,
        List.of(sp.runtime.credentials.get(0).certificate().getPublicKey()),
        new AlgorithmPolicy(false));
    LogoutRequest request = started.request();
    assertThat(request.getIssuer().getValue()).isEqualTo(sp.entityId());
    assertThat(request.getDestination()).isEqualTo(TestIdp.SLO_URL);
    assertThat(request.getID()).startsWith("_");
    assertThat(request.getIssueInstant())
        .isBetween(sp.clock.instant().minusSeconds(1), sp.clock.instant().plusSeconds(1));
    assertThat(request.getNotOnOrAfter()).isAfter(sp.clock.instant());
    assertThat(request.getNameID().getValue()).isEqualTo(nameId);
    assertThat(request.getNameID().getFormat())
        .isEqualTo("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
    assertThat(request.getNameID().getNameQualifier()).isEqualTo(sp.idp.entityId());
    assertThat(request.getNameID().getSPNameQualifier()).isEqualTo(sp.entityId());
    assertThat(request.getSessionIndexes())
        .singleElement()
        .satisfies(index -> assertThat(index.getValue()).isEqualTo("_idx-slo-1"));
    assertThat(started.answer().headers().firstValue("Set-Cookie").orElseThrow())
        .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(started.answer().headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void logoutWhenStartedThenSessionCookieNoLongerWorksBeforeTheIdpAnswers() throws Exception {
    String cookie = sp.login("/", spec -> {});
    String other = sp.login("/", spec -> {});
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);

    logout("", cookie);

    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", other).statusCode()).as("another session").isEqualTo(200);
  }

  @Test
  void logoutWhenReturnIsOtherOriginThenRefusedBeforeAnythingEnds() throws Exception {
    String cookie = sp.login("/", spec -> {});

    HttpResponse<String> answer =
        sp.get("/Shibboleth.sso/Logout?return=https://evil.test/", "Cookie", cookie);

    assertRefused(answer, 400, Reason.REDIRECT_NOT_ALLOWED);
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).as("session kept").isEqualTo(200);
    assertThat(logout("?return=/bye", cookie).location()).as("control").startsWith(TestIdp.SLO_URL);
  }

  @Test
  void logoutResponseWhenSuccessThenRedirectsToReturn() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenSuccessWithoutReturnThenSignedOutPage() throws Exception {
    String id = startedLogoutId("");

    HttpResponse<String> answer = deliver(idp().successRedirect(sloRedirect(), "_lr-page", id));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("signed out of this site and of your identity provider");
  }

  @Test
  void logoutResponseWhenPostedThenAcceptedLikeRedirect() throws Exception {
    String id = startedLogoutId("?return=/bye");

    HttpResponse<String> answer =
        sp.postForm(
            "/Shibboleth.sso/SLO/POST",
            Map.of(
                "SAMLResponse",
                idp().responsePost(sp.runtime.sloUrl("POST"), "_lr-post", id, StatusCode.SUCCESS)));

    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location")).hasValue(sp.url("/bye"));
  }

  @Test
  void logoutResponseWhenPostedUnsignedThenRefusedAndControlAccepted() throws Exception {
    String id = startedLogoutId("?return=/bye");

    HttpResponse<String> answer =
        sp.postForm(
            "/Shibboleth.sso/SLO/POST",
            Map.of(
                "SAMLResponse",
                idp()
                    .unsigned()
                    .responsePost(
                        sp.runtime.sloUrl("POST"), "_lr-post-u", id, StatusCode.SUCCESS)));

    assertRefused(answer, 403, Reason.UNSIGNED);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenPartialOrFailedThenPageSaysIdpDidNotConfirm() throws Exception {
    String partial = startedLogoutId("?return=/bye");
    String failed = startedLogoutId("");

    HttpResponse<String> partialAnswer =
        deliver(
            idp()
                .responseRedirect(
                    sloRedirect(),
                    "_lr-partial",
                    partial,
                    "urn:oasis:names:tc:SAML:2.0:status:PartialLogout",
                    null));
    HttpResponse<String> failedAnswer =
        deliver(
            idp()
                .responseRedirect(sloRedirect(), "_lr-failed", failed, StatusCode.RESPONDER, null));

    for (HttpResponse<String> answer : List.of(partialAnswer, failedAnswer)) {
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("did not confirm");
      assertThat(answer.headers().firstValue("Location")).isEmpty();
    }
    assertThat(partialAnswer.body()).contains("href=\"" + sp.url("/bye") + "\"");
  }

  @Test
  void logoutResponseWhenUnsignedThenRefusedWithUnsigned() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(idp().unsigned().successRedirect(sloRedirect(), "_lr-unsigned", id)),
        403,
        Reason.UNSIGNED);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenSignedByAnotherKeyThenRefusedWithSignatureInvalid() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(
            idp()
                .signedBy(TestIdp.TestKeys.generate("attacker.test.example"))
                .successRedirect(sloRedirect(), "_lr-forged", id)),
        403,
        Reason.SIGNATURE_INVALID);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenQueryReEncodedThenRefusedWithSignatureInvalid() throws Exception {
    String id = startedLogoutId("?return=/bye");
    String url = idp().successRedirect(sloRedirect(), "_lr-reencoded", id);

    assertRefused(deliver(url.replace("%3A", "%3a")), 403, Reason.SIGNATURE_INVALID);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenIssuerIsNotATrustedIdpThenRefusedWithUnknownIssuer() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(
            idp()
                .issuer("https://other-idp.test.example/idp")
                .successRedirect(sloRedirect(), "_lr-issuer", id)),
        403,
        Reason.UNKNOWN_ISSUER);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenForAnotherDestinationThenRefusedWithWrongDestination() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(
            idp()
                .destination("https://other.example/Shibboleth.sso/SLO/Redirect")
                .successRedirect(sloRedirect(), "_lr-dest", id)),
        403,
        Reason.WRONG_DESTINATION);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenIssuedTooLongAgoThenRefusedWithExpired() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(idp().issuedAgo(Duration.ofHours(1)).successRedirect(sloRedirect(), "_lr-old", id)),
        403,
        Reason.EXPIRED);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenInResponseToIsUnknownThenRefusedWithLogoutNotPending() throws Exception {
    String id = startedLogoutId("?return=/bye");

    assertRefused(
        deliver(idp().successRedirect(sloRedirect(), "_lr-unknown", "_never-sent-" + id)),
        403,
        Reason.LOGOUT_NOT_PENDING);
    assertAccepted(id);
  }

  @Test
  void logoutResponseWhenInResponseToNamesALoginThenRefusedWithLogoutNotPending() throws Exception {
    TestSpGate.StartedLogin login = sp.startLogin("/");

    assertRefused(
        deliver(idp().successRedirect(sloRedirect(), "_lr-login", login.requestId())),
        403,
        Reason.LOGOUT_NOT_PENDING);
    assertThat(sp.postAcs(sp.idp.mint(sp.responseTo(login)), login.relayState()).statusCode())
        .as("the login is still pending and completes")
        .isEqualTo(303);
  }

  @Test
  void logoutResponseWhenReplayedThenRefusedAndAnotherAnswerToTheSameLogoutToo() throws Exception {
    String id = startedLogoutId("?return=/bye");
    String url = idp().successRedirect(sloRedirect(), "_lr-replayed", id);
    assertThat(deliver(url).statusCode()).as("the first delivery").isEqualTo(302);

    assertRefused(deliver(url), 403, Reason.REPLAYED);
    assertRefused(
        deliver(idp().successRedirect(sloRedirect(), "_lr-second-answer", id)),
        403,
        Reason.LOGOUT_NOT_PENDING);
  }

  @Test
  void sloWhenBothRequestAndResponseGivenThenRefusedAsUnexpectedMessage() throws Exception {
    String id = startedLogoutId("?return=/bye");
    String url = idp().successRedirect(sloRedirect(), "_lr-both", id);

    assertRefused(deliver(url + "&SAMLRequest=x"), 400, Reason.UNEXPECTED_MESSAGE);
    HttpResponse<String> control = deliver(url);
    assertThat(control.statusCode()).as("the same response alone").isEqualTo(302);
    assertThat(control.headers().firstValue("Location")).hasValue(sp.url("/bye"));
  }

  @Test
  void acsWhenResponseInResponseToNamesAPendingLogoutThenRefusedAndLogoutStillPending()
      throws Exception {
    String id = startedLogoutId("?return=/bye");
    var spec = sp.idp.spec(sp.entityId(), sp.acsUrl());
    spec.inResponseTo = "slo:" + id;

    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), null);

    assertRefused(acs, 403, Reason.UNKNOWN_IN_RESPONSE_TO);
    assertAccepted(id);
  }

  @Test
  void logoutWhenIdpMetadataHasNoSloEndpointThenLocalLogoutAsBefore(@TempDir Path own)
      throws Exception {
    try (TestSpGate local =
        new TestSpGate(
            Files.createDirectories(own.resolve("node")),
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "")) {
      String control = local.login("/", spec -> {});
      assertThat(local.get("/Shibboleth.sso/Logout", "Cookie", control).statusCode())
          .as("control: with an SLO endpoint the IdP is asked")
          .isEqualTo(302);
      Files.writeString(
          own.resolve("node/idp-metadata.xml"),
          IdpMetadataWriter.write(local.idp.entityId(), TestIdp.SSO_URL, local.idp.key(), false));
      assertThat(local.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);
      String cookie = local.login("/", spec -> {});

      HttpResponse<String> page = local.get("/Shibboleth.sso/Logout", "Cookie", cookie);
      HttpResponse<String> back =
          local.get("/Shibboleth.sso/Logout?return=/bye", "Cookie", local.login("/", s -> {}));

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("You may still be signed in at your identity provider");
      assertThat(local.get("/", "Cookie", cookie).statusCode()).isEqualTo(302);
      assertThat(back.statusCode()).isEqualTo(302);
      assertThat(back.headers().firstValue("Location")).hasValue(local.url("/bye"));
    }
  }

  @Test
  void logoutWhenIdpListsOnlyAPostSloEndpointThenAutoPostsAnEnvelopedSignedLogoutRequest(
      @TempDir Path own) throws Exception {
    String postSlo = "https://idp.test.example/idp/profile/SAML2/POST/SLO";
    try (TestSpGate local =
        new TestSpGate(
            Files.createDirectories(own.resolve("node")),
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "")) {
      String control = local.login("/", spec -> {});
      assertThat(local.get("/Shibboleth.sso/Logout", "Cookie", control).statusCode())
          .as("control: an IdP with an HTTP-Redirect endpoint gets a redirect")
          .isEqualTo(302);
      String redirectOnly =
          IdpMetadataWriter.write(
              local.idp.entityId(), TestIdp.SSO_URL, local.idp.key(), false, null, postSlo);
      String postOnly =
          redirectOnly.replaceFirst(
              "(<(?:\\w+:)?SingleLogoutService[^>]*)HTTP-Redirect", "$1HTTP-POST");
      assertThat(postOnly).isNotEqualTo(redirectOnly);
      Files.writeString(own.resolve("node/idp-metadata.xml"), postOnly);
      assertThat(local.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);
      String cookie = local.login("/", spec -> spec.sessionIndex = "_idx-post-slo");

      HttpResponse<String> page = local.get("/Shibboleth.sso/Logout?return=/bye", "Cookie", cookie);

      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .get()
          .asString()
          .contains("form-action https://idp.test.example;");
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(Browser.formAction(local.url("/"), page.body())).isEqualTo(postSlo);
      String samlRequest = Browser.hiddenFields(page.body()).get("SAMLRequest");
      assertThat(samlRequest).isNotNull();
      LogoutRequest request =
          (LogoutRequest)
              OpenSaml.unmarshal(
                  OpenSaml.xml()
                      .parse(Base64.getDecoder().decode(samlRequest))
                      .getDocumentElement());
      SignatureVerifier verifier = new SignatureVerifier(new AlgorithmPolicy(false));
      verifier.verify(
          request, List.of(local.runtime.credentials.get(0).certificate().getPublicKey()));
      assertThatExceptionOfType(Rejection.class)
          .as("the signature is the SP's: another key does not verify it")
          .isThrownBy(
              () ->
                  verifier.verify(request, List.of(local.idp.key().certificate().getPublicKey())));
      assertThat(request.getDestination()).isEqualTo(postSlo);
      assertThat(request.getIssuer().getValue()).isEqualTo(local.entityId());
      assertThat(request.getSessionIndexes())
          .singleElement()
          .satisfies(index -> assertThat(index.getValue()).isEqualTo("_idx-post-slo"));
      assertThat(local.get("/", "Cookie", cookie).statusCode())
          .as("the session ended before the form was sent")
          .isEqualTo(302);

      HttpResponse<String> answered =
          local.get(
              "/Shibboleth.sso/SLO/Redirect"
                  + stripToQuery(
                      new LogoutMinter(local.idp.entityId(), local.idp.key(), local.clock)
                          .successRedirect(
                              local.runtime.sloUrl("Redirect"), "_lr-post-slo", request.getID())));
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(302);
      assertThat(answered.headers().firstValue("Location")).hasValue(local.url("/bye"));
    }
  }

  private static String stripToQuery(String url) {
    return url.substring(url.indexOf('?'));
  }
}
