package org.spgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Chromium logs in at the real Keycloak's account console: proves the browser, the IdP and the
 * realm's users work before spgate is in the path.
 */
@ExtendWith({E2EPrerequisites.class, SharedKeycloak.class})
class KeycloakAccountLoginE2ETest {

  private static KeycloakServer keycloak;
  private Browser browser;

  @BeforeAll
  static void keycloak(KeycloakServer server) {
    keycloak = server;
  }

  @BeforeEach
  void startBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void stopBrowser() {
    browser.close();
  }

  @Test
  void accountLoginWhenAlicePasswordIsRightThenShowsHerAccount() {
    browser.open(keycloak.accountUrl().toString());
    browser.keycloakLogin("alice", "alice-password");

    browser.until(d -> d.getCurrentUrl().startsWith(keycloak.realmUrl() + "/account"));
    // The personal-info form is filled from the account REST API, so it proves the session works.
    browser.until(d -> browser.inputValues().contains("alice@example.org"));
    browser.screenshot("keycloak-account-alice");
    assertThat(browser.text()).contains("Alice Liddell").doesNotContain("Something went wrong");
    assertThat(browser.driver().findElements(By.id("kc-form-login"))).isEmpty();
    assertThat(browser.driver().manage().getCookieNamed("KEYCLOAK_IDENTITY")).isNotNull();
  }

  @Test
  void accountLoginWhenAlicePasswordIsWrongThenStaysOnLoginPageWithError() {
    browser.open(keycloak.accountUrl().toString());
    browser.keycloakLogin("alice", "not-alice-password");

    browser.await(By.id("kc-form-login"));
    browser.until(d -> browser.text().contains("Invalid username or password"));
    browser.screenshot("keycloak-account-wrong-password");
    assertThat(browser.url()).startsWith(keycloak.realmUrl() + "/login-actions/");
    assertThat(browser.driver().manage().getCookieNamed("KEYCLOAK_IDENTITY")).isNull();
  }
}
