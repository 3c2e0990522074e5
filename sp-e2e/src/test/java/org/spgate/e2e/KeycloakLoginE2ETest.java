package org.spgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A person signs in through spgate with a real browser: Chromium → spgate → Keycloak's login form →
 * spgate's ACS → the Flask backend, which shows the identity headers spgate set.
 */
@ExtendWith({E2EPrerequisites.class, SharedKeycloak.class})
class KeycloakLoginE2ETest extends BrowserScenario {

  private static KeycloakServer keycloak;
  private static SpEndpoints sp;
  private static FlaskBackend flask;
  private static SpGateProcess spgate;

  @BeforeAll
  static void start(KeycloakServer server, SpEndpoints endpoints) {
    keycloak = server;
    sp = endpoints;
    flask = FlaskBackend.start();
    spgate = SpGateProcess.start("keycloak-login", sp, keycloak, flask);
  }

  @AfterAll
  static void stop() {
    closeAll(spgate, flask);
  }

  @Test
  void loginWhenAliceSignsInAtKeycloakThenBackendShowsHerAttributes() {
    signIn("alice", "alice-password");

    browser.screenshot("spgate-alice-login");
    assertThat(browser.text()).contains("Signed in as alice@example.org").contains("Alice Liddell");
    assertThat(browser.identityValues("mail")).containsExactly("alice@example.org");
    assertThat(browser.identityValues("eppn")).containsExactly("alice@example.org");
    assertThat(browser.identityValues("givenName")).containsExactly("Alice");
    assertThat(browser.identityValues("sn")).containsExactly("Liddell");
    assertThat(browser.identityValues("entitlement"))
        .containsExactlyInAnyOrder("staff", "library-users");
  }

  @Test
  void indexWhenSignedInThenOptionalRouteSeesTheUser() {
    signIn("alice", "alice-password");

    browser.open(sp.baseUrl() + "/");

    browser.screenshot("spgate-alice-index");
    assertThat(browser.text()).contains("Signed in as alice@example.org");
  }

  @Test
  void indexWhenNotSignedInThenPublicPageSaysNotSignedIn() {
    browser.open(sp.baseUrl() + "/");

    browser.screenshot("spgate-anonymous-index");
    assertThat(browser.url()).startsWith(sp.baseUrl());
    assertThat(browser.text()).contains("not signed in");
  }

  @Test
  void loginWhenGraceThenAll150GroupsArriveAndNamesAreUtf8() {
    signIn("grace", "grace-password");

    browser.screenshot("spgate-grace-login");
    assertThat(browser.text()).contains("Grâce Hopper-Ünal");
    assertThat(browser.identityValues("givenName")).containsExactly("Grâce");
    assertThat(browser.identityValues("sn")).containsExactly("Hopper-Ünal");
    List<String> groups =
        IntStream.rangeClosed(1, 150)
            .mapToObj(i -> String.format("research-group-%03d-analytics", i))
            .toList();
    assertThat(browser.identityValues("entitlement"))
        .hasSize(150)
        .containsExactlyInAnyOrderElementsOf(groups);
  }

  @Test
  void loginWhenBobThenGroupNameWithSemicolonStaysOneValue() {
    signIn("bob", "bob-password");

    assertThat(browser.identityValues("entitlement")).containsExactlyInAnyOrder("staff", "r&d;lab");
  }

  @Test
  void loginWhenPasswordWrongThenStaysAtIdpWithError() {
    browser.open(sp.baseUrl() + "/login");
    browser.until(d -> d.getCurrentUrl().startsWith(keycloak.realmUrl()));
    browser.keycloakLogin("alice", "not-alice-password");

    browser.await(By.id("kc-form-login"));
    browser.until(d -> browser.text().contains("Invalid username or password"));
    browser.screenshot("spgate-wrong-password");
    assertThat(browser.url()).startsWith(keycloak.realmUrl());
    browser.open(sp.baseUrl() + "/");
    assertThat(browser.text()).contains("not signed in");
  }

  @Test
  void logoutWhenSignedInThenSessionEnds() {
    signIn("alice", "alice-password");

    browser.open(sp.baseUrl() + "/Shibboleth.sso/Logout");
    browser.screenshot("spgate-logout");
    browser.open(sp.baseUrl() + "/");

    browser.screenshot("spgate-after-logout-index");
    assertThat(browser.text()).contains("not signed in");
    browser.open(sp.baseUrl() + "/headers");
    assertThat(browser.text()).doesNotContain("alice@example.org");
  }

  @Test
  void logoutWhenSignedInThenKeycloakSessionEndsTooAndNextLoginAsksForThePassword() {
    signIn("alice", "alice-password");

    // spgate sends a signed LogoutRequest to Keycloak, whose LogoutResponse brings the browser
    // back to spgate's SLO endpoint and on to return=/.
    browser.open(sp.baseUrl() + "/Shibboleth.sso/Logout?return=/");
    browser.until(d -> d.getCurrentUrl().equals(sp.baseUrl() + "/"));
    browser.screenshot("spgate-single-logout-returned");
    assertThat(browser.text()).contains("not signed in");

    // Without a Keycloak session the next login shows the password form instead of SSO.
    browser.open(sp.baseUrl() + "/login");
    browser.until(d -> d.getCurrentUrl().startsWith(keycloak.realmUrl()));
    browser.await(By.id("kc-form-login"));
    browser.screenshot("spgate-single-logout-login-again");
    browser.keycloakLogin("alice", "alice-password");
    browser.until(d -> d.getCurrentUrl().equals(sp.baseUrl() + "/login"));
    assertThat(browser.identityValues("mail")).containsExactly("alice@example.org");
  }

  @Test
  void logoutAtKeycloakWhenSignedInThenKeycloakEndsTheSpgateSessionThroughTheBrowser() {
    signIn("alice", "alice-password");
    // Control: the spgate cookie serves the protected page while the Keycloak session lives.
    browser.open(sp.baseUrl() + "/login");
    assertThat(browser.url()).isEqualTo(sp.baseUrl() + "/login");
    assertThat(browser.identityValues("mail")).containsExactly("alice@example.org");

    // Keycloak's own logout (what the account console's "Sign out" opens): after the confirmation
    // it sends the browser to spgate's SLO/Redirect with a signed LogoutRequest for the SAML
    // client, and spgate's signed LogoutResponse brings it back to Keycloak.
    browser.open(keycloak.realmUrl() + "/protocol/openid-connect/logout");
    browser.await(By.id("kc-logout")).click();
    browser.until(d -> browser.text().contains("You are logged out"));
    browser.screenshot("keycloak-logout-done");

    browser.open(sp.baseUrl() + "/");
    assertThat(browser.text()).contains("not signed in");
    // The protected page sends the browser to Keycloak again, which asks for the password.
    browser.open(sp.baseUrl() + "/login");
    browser.until(d -> d.getCurrentUrl().startsWith(keycloak.realmUrl()));
    browser.await(By.id("kc-form-login"));
    browser.screenshot("keycloak-logout-login-again");
  }

  /** Opens the protected page, signs in at Keycloak and waits to be back on it. */
  private void signIn(String username, String password) {
    browser.open(sp.baseUrl() + "/login");
    browser.until(d -> d.getCurrentUrl().startsWith(keycloak.realmUrl()));
    browser.keycloakLogin(username, password);
    browser.until(d -> d.getCurrentUrl().equals(sp.baseUrl() + "/login"));
    browser.await(By.id("identity"));
  }
}
