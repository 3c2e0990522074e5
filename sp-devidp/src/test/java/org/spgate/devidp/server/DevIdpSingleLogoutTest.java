package org.spgate.devidp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.StatusCode;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.ResponseSpec;
import org.spgate.devidp.testing.Browser;

/**
 * The development IdP's sessions and Single Logout, driven with messages signed by a test SP key:
 * single sign-on while the IdP session lives, the SP's LogoutRequest ending it (refused when not
 * the SP's), and "Log out of everything" sending a signed LogoutRequest to the SP.
 */
class DevIdpSingleLogoutTest {

  private static final String SP = "http://127.0.0.1:1/shibboleth";
  private static final String ACS = "http://127.0.0.1:1/Shibboleth.sso/SAML2/POST";
  private static final String SP_SLO = "http://127.0.0.1:1/Shibboleth.sso/SLO/Redirect";
  private static final SpCredential IDP_KEY = TestIdp.TestKeys.generate("dev-idp.test");
  private static final SpCredential SP_KEY = TestIdp.TestKeys.generate("sp.test");
  private static final SpCredential OTHER_KEY = TestIdp.TestKeys.generate("other.test");
  private static final Pattern NAME_ID =
      Pattern.compile("<saml2:NameID[^>]*>([^<]+)</saml2:NameID>");
  private static final Pattern SESSION_INDEX = Pattern.compile("SessionIndex=\"([^\"]+)\"");

  private final Browser browser = new Browser();
  private final DevIdpServer idp =
      DevIdpServer.builder()
          .sp(SP, ACS)
          .key(IDP_KEY)
          .spLogout(SP_SLO, SP_KEY.certificate())
          .start();

  @AfterEach
  void stop() {
    idp.close();
  }

  /** A signed-in browser: its IdP cookie and the NameID and SessionIndex the SP was sent. */
  private record SignedIn(String cookie, String nameId, String sessionIndex) {}

  private HttpResponse<String> sso(String cookie) throws Exception {
    return browser.get(
        idp.ssoUrl()
            + "?SAMLRequest="
            + URLEncoder.encode(DevIdpServerTest.authnRequest(SP, ACS), StandardCharsets.UTF_8),
        cookie);
  }

  private SignedIn signIn() throws Exception {
    HttpResponse<String> page = sso(null);
    Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
    form.put("username", "alice");
    form.put("password", "alice");
    HttpResponse<String> answer =
        browser.post(Browser.formAction(page.uri().toString(), page.body()), form);
    assertThat(answer.statusCode()).isEqualTo(200);
    return new SignedIn(
        Browser.setCookie(answer, IdpSessions.COOKIE),
        find(NAME_ID, samlResponse(answer)),
        find(SESSION_INDEX, samlResponse(answer)));
  }

  private static String samlResponse(HttpResponse<String> answer) {
    String value = Browser.hiddenFields(answer.body()).get("SAMLResponse");
    assertThat(value).as("auto-post form with a SAMLResponse").isNotNull();
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in " + text).isTrue();
    return m.group(1);
  }

  /** Whether {@code cookie} still signs in without the form. */
  private boolean ssoAnswersAtOnce(String cookie) throws Exception {
    HttpResponse<String> answer = sso(cookie);
    assertThat(answer.statusCode()).isEqualTo(200);
    return Browser.hiddenFields(answer.body()).containsKey("SAMLResponse");
  }

  /** The SP's LogoutRequest for {@code nameId} as a redirect URL to the IdP's SLO endpoint. */
  private String spLogoutRequest(
      String issuer, String destination, String nameId, SpCredential by) {
    LogoutRequest request =
        new LogoutMessages(issuer, Clock.systemUTC())
            .request(
                "_sp-logout-1",
                destination,
                new LogoutSubject(nameId, ResponseSpec.PERSISTENT, null, null, null));
    return RedirectBinding.encode(
        idp.sloUrl(), RedirectBinding.REQUEST, OpenSaml.toXml(request), "rs-slo", by);
  }

  private static String unsigned(String url) {
    return url.substring(0, url.indexOf("&SigAlg="));
  }

  private static RedirectQuery query(String url) throws Exception {
    return RedirectQuery.parse(URI.create(url).getRawQuery());
  }

  @Test
  void metadataWhenSpLogoutIsOnThenAdvertisesTheRedirectSloEndpoint() throws Exception {
    DevIdpServer without = DevIdpServer.builder().sp(SP, ACS).key(IDP_KEY).start();
    try {
      assertThat(idp.metadataXml())
          .contains("SingleLogoutService")
          .contains("Location=\"" + idp.sloUrl() + "\"")
          .contains("HTTP-Redirect");
      assertThat(without.metadataXml()).doesNotContain("SingleLogoutService");
      assertThat(browser.get(without.sloUrl(), null).statusCode()).isEqualTo(404);
    } finally {
      without.close();
    }
  }

  @Test
  void ssoWhenIdpSessionLivesThenAnswersWithoutTheForm() throws Exception {
    SignedIn alice = signIn();

    assertThat(ssoAnswersAtOnce(alice.cookie())).isTrue();
    assertThat(find(SESSION_INDEX, samlResponse(sso(alice.cookie()))))
        .isEqualTo(alice.sessionIndex());
    assertThat(ssoAnswersAtOnce(IdpSessions.COOKIE + "=unknown")).isFalse();
  }

  @Test
  void sloWhenSpSendsSignedLogoutRequestThenIdpSessionEndsAndSignedResponseGoesBack()
      throws Exception {
    SignedIn alice = signIn();

    HttpResponse<String> answer =
        browser.get(spLogoutRequest(SP, idp.sloUrl(), alice.nameId(), SP_KEY), alice.cookie());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    String location = Browser.location(answer);
    assertThat(location).startsWith(SP_SLO + "?SAMLResponse=");
    RedirectQuery back = query(location);
    RedirectBinding.verify(
        back,
        RedirectBinding.RESPONSE,
        List.of(IDP_KEY.certificate().getPublicKey()),
        new AlgorithmPolicy(false));
    assertThat(back.value("RelayState")).isEqualTo("rs-slo");
    LogoutResponse response =
        (LogoutResponse)
            OpenSaml.unmarshal(
                OpenSaml.xml()
                    .parse(RedirectBinding.decodeMessage(back, RedirectBinding.RESPONSE, 65536))
                    .getDocumentElement());
    assertThat(response.getInResponseTo()).isEqualTo("_sp-logout-1");
    assertThat(response.getDestination()).isEqualTo(SP_SLO);
    assertThat(response.getIssuer().getValue()).isEqualTo(idp.entityId());
    assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
    assertThat(answer.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith(IdpSessions.COOKIE + "=;"));
    assertThat(ssoAnswersAtOnce(alice.cookie())).isFalse();
  }

  @Test
  void sloWhenLogoutRequestIsNotTheSpsThenRefusedAndIdpSessionLives() throws Exception {
    SignedIn alice = signIn();
    String nameId = alice.nameId();

    List<String> refused =
        List.of(
            unsigned(spLogoutRequest(SP, idp.sloUrl(), nameId, SP_KEY)),
            spLogoutRequest(SP, idp.sloUrl(), nameId, OTHER_KEY),
            spLogoutRequest("https://other.example/sp", idp.sloUrl(), nameId, SP_KEY),
            spLogoutRequest(SP, "http://127.0.0.1:2/slo", nameId, SP_KEY));
    for (String url : refused) {
      HttpResponse<String> answer = browser.get(url, alice.cookie());
      assertThat(answer.statusCode()).as(url).isEqualTo(400);
      assertThat(ssoAnswersAtOnce(alice.cookie())).as(url).isTrue();
    }
    // Control: the SP's own signed request is accepted and ends the session.
    assertThat(
            browser
                .get(spLogoutRequest(SP, idp.sloUrl(), nameId, SP_KEY), alice.cookie())
                .statusCode())
        .isEqualTo(302);
    assertThat(ssoAnswersAtOnce(alice.cookie())).isFalse();
  }

  @Test
  void logoutOfEverythingWhenSignedInThenSignedLogoutRequestGoesToTheSp() throws Exception {
    SignedIn alice = signIn();
    assertThat(browser.get(idp.homeUrl(), alice.cookie()).body()).contains("Signed in as");

    HttpResponse<String> answer = browser.post(idp.baseUrl() + "/logout", Map.of(), alice.cookie());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    String location = Browser.location(answer);
    assertThat(location).startsWith(SP_SLO + "?SAMLRequest=");
    RedirectQuery sent = query(location);
    RedirectBinding.verify(
        sent,
        RedirectBinding.REQUEST,
        List.of(IDP_KEY.certificate().getPublicKey()),
        new AlgorithmPolicy(false));
    LogoutRequest request =
        (LogoutRequest)
            OpenSaml.unmarshal(
                OpenSaml.xml()
                    .parse(RedirectBinding.decodeMessage(sent, RedirectBinding.REQUEST, 65536))
                    .getDocumentElement());
    assertThat(request.getNameID().getValue()).isEqualTo(alice.nameId());
    assertThat(request.getSessionIndexes().get(0).getValue()).isEqualTo(alice.sessionIndex());
    assertThat(request.getDestination()).isEqualTo(SP_SLO);
    assertThat(ssoAnswersAtOnce(alice.cookie())).isFalse();
    assertThat(browser.get(idp.homeUrl(), alice.cookie()).body()).contains("Not signed in");

    // The SP's answer ends the round trip; an answer to a request never sent is refused.
    LogoutMessages sp = new LogoutMessages(SP, Clock.systemUTC());
    String stray =
        RedirectBinding.encode(
            idp.sloUrl(),
            RedirectBinding.RESPONSE,
            OpenSaml.toXml(
                sp.response("_sp-r0", idp.sloUrl(), "_never-sent", StatusCode.SUCCESS, null)),
            null,
            SP_KEY);
    assertThat(browser.get(stray, null).statusCode()).isEqualTo(400);
    String reply =
        RedirectBinding.encode(
            idp.sloUrl(),
            RedirectBinding.RESPONSE,
            OpenSaml.toXml(
                sp.response("_sp-r1", idp.sloUrl(), request.getID(), StatusCode.SUCCESS, null)),
            null,
            SP_KEY);
    HttpResponse<String> done = browser.get(reply, null);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("signed out of the development IdP and of the service");
    assertThat(browser.get(reply, null).statusCode()).as("answered once").isEqualTo(400);
  }
}
