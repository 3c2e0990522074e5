package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/** A browser's whole path, driven with an HTTP client against a real spgate and backend. */
class SsoEndToEndTest {

  @TempDir Path dir;
  TestSpGate sp;

  @BeforeEach
  void start() throws Exception {
    sp = new TestSpGate(dir);
  }

  @AfterEach
  void stop() {
    sp.close();
  }

  @Test
  void protectedPathWhenNoSessionThenLoginSessionAndHeadersReachBackend() throws Exception {
    HttpResponse<String> first = sp.get("/app/page?x=1");
    assertThat(first.statusCode()).isEqualTo(302);
    String location = first.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("https://idp.test.example/idp/profile/SAML2/Redirect/SSO?");
    StartedLogin login = TestSpGate.parseLoginRedirect(location);
    assertThat(login.authnRequestXml())
        .contains("AssertionConsumerServiceURL=\"" + sp.acsUrl() + "\"");
    assertThat(login.relayState()).startsWith("ss:mem:").doesNotContain("/app");
    assertThat(sp.backend.isEmpty()).isTrue();

    ResponseSpec spec = sp.responseTo(login);
    HttpResponse<String> acs =
        sp.postForm(
            "/Shibboleth.sso/SAML2/POST",
            Map.of("SAMLResponse", sp.idp.mint(spec), "RelayState", login.relayState()));
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(sp.url("/app/page?x=1"));
    String setCookie = acs.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Path=/");
    String cookie = TestSpGate.cookieOf(acs);

    HttpResponse<String> page =
        sp.get(
            "/app/page?x=1",
            "Cookie",
            cookie + "; other=1",
            "Remote_User",
            "mallory",
            "REMOTE-USER",
            "mallory",
            "eppn",
            "mallory@evil.test");
    assertThat(page.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.uri()).isEqualTo("/app/page?x=1");
    assertThat(received.all("eppn")).containsExactly("alice@example.org");
    assertThat(received.get("mail")).isEqualTo("alice@example.org");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(received.all("Remote_User")).isEmpty();
    assertThat(received.get("Shib-Identity-Provider")).isEqualTo(sp.idp.minter().idpEntityId());
    assertThat(received.get("Shib-Session-ID"))
        .startsWith("_")
        .isNotEqualTo(cookie.substring(cookie.indexOf('=') + 1));
    assertThat(received.get("Cookie")).isEqualTo("other=1");
  }

  @Test
  void acsWhenSignatureIsByUnknownKeyThenNoSessionAndErrorPage() throws Exception {
    HttpResponse<String> first = sp.get("/");
    StartedLogin login =
        TestSpGate.parseLoginRedirect(first.headers().firstValue("Location").orElseThrow());
    ResponseSpec spec = sp.responseTo(login);
    spec.signingKey = org.spgate.core.testing.TestIdp.TestKeys.generate("attacker.test");

    HttpResponse<String> acs =
        sp.postForm(
            "/Shibboleth.sso/SAML2/POST",
            Map.of("SAMLResponse", sp.idp.mint(spec), "RelayState", login.relayState()));

    assertThat(acs.statusCode()).isEqualTo(403);
    assertThat(acs.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(acs.body())
        .contains("SPG-13")
        .contains("SIGNATURE_INVALID")
        .contains("Correlation id");
    assertThat(sp.runtime.sessions().size()).isZero();
  }
}
