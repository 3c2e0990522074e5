package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spgate.devidp.server.DevUsers;
import org.spgate.devidp.testing.Browser;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code spgate demo}'s Single Logout as a real round trip between spgate and the development IdP,
 * both ways, driven over HTTP the way a browser would (each cookie carried by hand to its own
 * origin): logging out at spgate ends the IdP's session too, and "Log out of everything" at the IdP
 * ends spgate's.
 */
class DemoSingleLogoutTest {

  private static final String IDP_COOKIE = "devidp_session";

  private static DemoCommand.Demo demo;
  private final Browser browser = new Browser();

  @BeforeAll
  static void startDemo() throws Exception {
    demo =
        DemoCommand.start(
            new DemoCommand.Options("127.0.0.1", 0, false, null, null), DevUsers.defaults());
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  /** A browser signed in at both: spgate's cookie and the IdP's. */
  private record SignedIn(String spCookie, String idpCookie) {}

  /** The IdP's answer to GET /login at spgate: the login form, or the auto-post form (SSO). */
  private HttpResponse<String> idpAnswerToLogin(String idpCookie) throws Exception {
    HttpResponse<String> start = browser.get(demo.url + "/login", null);
    assertThat(start.statusCode()).isEqualTo(302);
    assertThat(Browser.location(start)).startsWith(demo.idp.server().ssoUrl());
    return browser.get(Browser.location(start), idpCookie);
  }

  private static boolean isLoginForm(HttpResponse<String> idpPage) {
    return idpPage.body().contains("name=\"password\"")
        && !Browser.hiddenFields(idpPage.body()).containsKey("SAMLResponse");
  }

  private SignedIn signIn() throws Exception {
    HttpResponse<String> page = idpAnswerToLogin(null);
    assertThat(isLoginForm(page)).isTrue();
    Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
    form.put("username", "alice");
    form.put("password", "alice");
    HttpResponse<String> answer =
        browser.post(Browser.formAction(page.uri().toString(), page.body()), form);
    assertThat(answer.statusCode()).isEqualTo(200);
    HttpResponse<String> acs =
        browser.post(
            Browser.formAction(answer.uri().toString(), answer.body()),
            Browser.hiddenFields(answer.body()));
    assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
    return new SignedIn(TestSpGate.cookieOf(acs), Browser.setCookie(answer, IDP_COOKIE));
  }

  private int protectedPage(String spCookie) throws Exception {
    return browser.get(demo.url + "/login", spCookie).statusCode();
  }

  @Test
  void logoutAtSpgateWhenSignedInThenRoundTripThroughTheIdpEndsBothSessions() throws Exception {
    SignedIn alice = signIn();
    // Controls: spgate serves the page, and the IdP would sign in again without the form.
    assertThat(protectedPage(alice.spCookie())).isEqualTo(200);
    assertThat(isLoginForm(idpAnswerToLogin(alice.idpCookie()))).isFalse();

    HttpResponse<String> logout =
        browser.get(demo.url + "/Shibboleth.sso/Logout?return=/", alice.spCookie());
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(Browser.location(logout)).startsWith(demo.idp.server().sloUrl() + "?SAMLRequest=");
    HttpResponse<String> atIdp = browser.get(Browser.location(logout), alice.idpCookie());
    assertThat(atIdp.statusCode()).as(atIdp.body()).isEqualTo(302);
    assertThat(Browser.location(atIdp))
        .startsWith(demo.url + "/Shibboleth.sso/SLO/Redirect?SAMLResponse=");
    HttpResponse<String> back = browser.get(Browser.location(atIdp), null);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
    assertThat(Browser.location(back)).isEqualTo(demo.url + "/");

    assertThat(protectedPage(alice.spCookie())).isEqualTo(302);
    assertThat(isLoginForm(idpAnswerToLogin(alice.idpCookie()))).isTrue();
  }

  @Test
  void logoutOfEverythingAtTheIdpWhenSignedInThenSpgateSessionEnds() throws Exception {
    SignedIn alice = signIn();
    assertThat(protectedPage(alice.spCookie())).as("control").isEqualTo(200);
    String home = browser.get(demo.idp.server().homeUrl(), alice.idpCookie()).body();
    assertThat(home).contains("Signed in as").contains("Log out of everything");

    HttpResponse<String> atIdp =
        browser.post(
            Browser.formAction(demo.idp.server().homeUrl(), home), Map.of(), alice.idpCookie());
    assertThat(atIdp.statusCode()).as(atIdp.body()).isEqualTo(302);
    assertThat(Browser.location(atIdp))
        .startsWith(demo.url + "/Shibboleth.sso/SLO/Redirect?SAMLRequest=");
    HttpResponse<String> atSp = browser.get(Browser.location(atIdp), null);
    assertThat(atSp.statusCode()).as(atSp.body()).isEqualTo(302);
    assertThat(Browser.location(atSp)).startsWith(demo.idp.server().sloUrl() + "?SAMLResponse=");
    HttpResponse<String> done = browser.get(Browser.location(atSp), null);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).contains("signed out of the development IdP and of the service");

    assertThat(protectedPage(alice.spCookie())).isEqualTo(302);
    assertThat(isLoginForm(idpAnswerToLogin(alice.idpCookie()))).isTrue();
  }
}
