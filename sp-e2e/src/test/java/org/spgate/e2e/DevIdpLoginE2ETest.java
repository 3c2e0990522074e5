package org.spgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The README's demo, with a real browser: Chromium → spgate → the built-in development IdP's login
 * page → spgate's ACS → the Flask example, which shows the identity headers spgate set.
 */
@ExtendWith(E2EPrerequisites.class)
class DevIdpLoginE2ETest extends BrowserScenario {

  private static FlaskBackend flask;
  private static DemoProcess demo;

  @BeforeAll
  static void start() {
    flask = FlaskBackend.start();
    demo = DemoProcess.start("devidp", flask);
  }

  @AfterAll
  static void stop() {
    closeAll(demo, flask);
  }

  @Test
  void loginWhenAliceSignsInAtDevIdpThenFlaskShowsHerAttributes() {
    signIn("alice", "alice");

    browser.screenshot("devidp-alice-login");
    assertThat(browser.text()).contains("Signed in as alice@example.org").contains("Alice Example");
    assertThat(browser.identityValues("mail")).containsExactly("alice@example.org");
    assertThat(browser.identityValues("member")).containsExactlyInAnyOrder("staff", "developers");
  }

  @Test
  void indexWhenNotSignedInThenPublicPageSaysNotSignedIn() {
    browser.open(demo.baseUrl() + "/");

    browser.screenshot("devidp-anonymous-index");
    assertThat(browser.url()).startsWith(demo.baseUrl());
    assertThat(browser.text()).contains("not signed in");
  }

  @Test
  void loginWhenGraceThenAll150GroupsArriveAndNameIsUtf8() {
    signIn("grace", "grace");

    browser.screenshot("devidp-grace-login");
    assertThat(browser.text()).contains("Grâce Hopper-Ünal");
    assertThat(browser.identityValues("member")).hasSize(150);
  }

  @Test
  void loginWhenPasswordWrongThenStaysAtIdpWithError() {
    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> !d.getCurrentUrl().startsWith(demo.baseUrl()));
    fill("alice", "wrong");

    browser.until(d -> browser.text().contains("DEVELOPMENT IdP"));
    browser.screenshot("devidp-wrong-password");
    assertThat(browser.url()).doesNotStartWith(demo.baseUrl());
    assertThat(browser.text()).containsIgnoringCase("password");
    browser.open(demo.baseUrl() + "/");
    assertThat(browser.text()).contains("not signed in");
  }

  @Test
  void logoutWhenSignedInThenSessionEnds() {
    signIn("alice", "alice");

    browser.open(demo.baseUrl() + "/Shibboleth.sso/Logout");
    browser.screenshot("devidp-logout");
    browser.open(demo.baseUrl() + "/");
    assertThat(browser.text()).contains("not signed in");
  }

  @Test
  void logoutWhenSignedInThenDevIdpSessionEndsTooAndNextLoginAsksForThePassword() {
    signIn("alice", "alice");
    // Control: while the IdP session lives, a new login at spgate needs no password.
    browser.driver().manage().deleteCookieNamed("spgate_session");
    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> d.getCurrentUrl().equals(demo.baseUrl() + "/login"));
    browser.await(By.id("identity"));

    browser.open(demo.baseUrl() + "/Shibboleth.sso/Logout?return=/");
    browser.until(d -> d.getCurrentUrl().equals(demo.baseUrl() + "/"));
    assertThat(browser.text()).contains("not signed in");

    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> !d.getCurrentUrl().startsWith(demo.baseUrl()));
    browser.await(By.name("password"));
    browser.screenshot("devidp-single-logout-login-again");
  }

  @Test
  void logoutOfEverythingAtTheDevIdpWhenSignedInThenSpgateSessionEnds() {
    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> !d.getCurrentUrl().startsWith(demo.baseUrl()));
    URI idp = URI.create(browser.url());
    fill("alice", "alice");
    browser.until(d -> d.getCurrentUrl().equals(demo.baseUrl() + "/login"));
    browser.await(By.id("identity"));

    // The IdP's home page; its form's redirect to spgate must pass the page's CSP form-action.
    browser.open(idp.resolve("/").toString());
    assertThat(browser.text()).contains("Signed in as alice");
    browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
    browser.until(
        d -> browser.text().contains("signed out of the development IdP and of the service"));
    browser.screenshot("devidp-logout-of-everything");

    browser.open(demo.baseUrl() + "/");
    assertThat(browser.text()).contains("not signed in");
    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> !d.getCurrentUrl().startsWith(demo.baseUrl()));
    browser.await(By.name("password"));
  }

  private void signIn(String username, String password) {
    browser.open(demo.baseUrl() + "/login");
    browser.until(d -> !d.getCurrentUrl().startsWith(demo.baseUrl()));
    fill(username, password);
    browser.until(d -> d.getCurrentUrl().equals(demo.baseUrl() + "/login"));
    browser.await(By.id("identity"));
  }

  private void fill(String username, String password) {
    WebElement user = browser.await(By.name("username"));
    user.clear();
    user.sendKeys(username);
    browser.driver().findElement(By.name("password")).sendKeys(password);
    browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
  }
}
