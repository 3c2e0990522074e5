package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * The AD FS path over HTTP: SP-initiated WS-Fed sign-in, a POSTed RSTR with a signed SAML 1.1 (or
 * 2.0) token at {@code /Shibboleth.sso/ADFS}, the session, the claim headers at the backend, and
 * sign-out — with the refusals beside their accepted controls.
 */
class AdfsHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir, "  - {path: /, backend: \"BACKEND\", auth: required}", "", ", protocol: wsfed");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  @BeforeEach
  void clear() {
    while (!sp.backend.isEmpty()) {
      sp.backend.take();
    }
  }

  /** The wctx of the WS-Fed sign-in redirect for {@code path}, after checking its parameters. */
  static String startSignIn(String path) throws Exception {
    HttpResponse<String> redirect = sp.get(path);
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(TestIdp.WSFED_URL + "?");
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    assertThat(query)
        .containsEntry("wa", "wsignin1.0")
        .containsEntry("wtrealm", sp.entityId())
        .containsEntry("wreply", sp.url("/Shibboleth.sso/ADFS"))
        .containsKey("wct");
    assertThat(query.get("wctx")).startsWith("ss:mem:").doesNotContain(path);
    return query.get("wctx");
  }

  static WsFedTokenSpec token() {
    WsFedTokenSpec spec = sp.idp.wsFed().spec(sp.entityId());
    spec.claim(WsFedTokenSpec.CLAIMS, "upn", "alice@corp.example");
    spec.claim(WsFedTokenSpec.CLAIMS, "emailaddress", "alice@corp.example");
    spec.claim(WsFedTokenSpec.MS_CLAIMS, "role", "admins", "users");
    return spec;
  }

  static HttpResponse<String> post(WsFedTokenSpec spec, String wctx) throws Exception {
    return sp.postForm(
        "/Shibboleth.sso/ADFS",
        Map.of("wa", "wsignin1.0", "wresult", sp.idp.wsFed().mintXml(spec), "wctx", wctx));
  }

  @Test
  void adfsWhenSaml11TokenIsValidThenSessionAndClaimHeadersReachBackend() throws Exception {
    String wctx = startSignIn("/reports?q=1");

    HttpResponse<String> acs = post(token(), wctx);

    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(sp.url("/reports?q=1"));
    String cookie = TestSpGate.cookieOf(acs);
    assertThat(sp.get("/reports?q=1", "Cookie", cookie, "upn", "mallory").statusCode())
        .isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("upn")).containsExactly("alice@corp.example");
    assertThat(received.get("role")).isEqualTo("admins;users");
    assertThat(received.get("Shib-Authentication-Method"))
        .isEqualTo("urn:oasis:names:tc:SAML:1.0:am:password");
    assertThat(received.get("Shib-Identity-Provider")).isEqualTo(TestIdp.ENTITY_ID);
  }

  @Test
  void adfsWhenSaml20TokenInTrust2005FormThenAccepted() throws Exception {
    WsFedTokenSpec spec = token();
    spec.tokenType = WsFedTokenSpec.TokenType.SAML20;
    spec.form = WsFedTokenSpec.RstrForm.TRUST_2005;

    assertThat(post(spec, startSignIn("/")).statusCode()).isEqualTo(303);
  }

  @Test
  void adfsWhenTokenUnsignedThenRefusedWithoutSession() throws Exception {
    WsFedTokenSpec spec = token();
    spec.signed = false;
    long before = sp.runtime.sessions().size();

    HttpResponse<String> acs = post(spec, startSignIn("/"));

    assertThat(acs.statusCode()).isEqualTo(403);
    assertThat(acs.body()).contains("SPG-12").contains("Correlation id");
    assertThat(acs.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(sp.runtime.sessions().size()).isEqualTo(before);
  }

  @Test
  void adfsWhenSignedByKeyNotInMetadataThenRefused() throws Exception {
    WsFedTokenSpec spec = token();
    spec.signingKey = TestIdp.TestKeys.generate("attacker.test");

    HttpResponse<String> acs = post(spec, startSignIn("/"));

    assertThat(acs.statusCode()).isEqualTo(403);
    assertThat(acs.body()).contains("SPG-13");
  }

  @Test
  void adfsWhenAudienceIsAnotherRealmThenRefused() throws Exception {
    WsFedTokenSpec spec = token();
    spec.audiences = java.util.List.of("https://other.example/shibboleth");

    HttpResponse<String> acs = post(spec, startSignIn("/"));

    assertThat(acs.statusCode()).isEqualTo(403);
    assertThat(acs.body()).contains("SPG-23");
  }

  @Test
  void adfsWhenSameTokenPostedTwiceThenSecondRefused() throws Exception {
    WsFedTokenSpec spec = token();
    String wresult = sp.idp.wsFed().mintXml(spec);
    assertThat(
            sp.postForm(
                    "/Shibboleth.sso/ADFS",
                    Map.of("wa", "wsignin1.0", "wresult", wresult, "wctx", startSignIn("/")))
                .statusCode())
        .isEqualTo(303);

    HttpResponse<String> again =
        sp.postForm(
            "/Shibboleth.sso/ADFS",
            Map.of("wa", "wsignin1.0", "wresult", wresult, "wctx", startSignIn("/")));

    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("SPG-28");
  }

  @Test
  void adfsWhenNotWsFedThenClear400() throws Exception {
    HttpResponse<String> unknown =
        sp.postForm("/Shibboleth.sso/ADFS", Map.of("wa", "wattr1.0", "wresult", "<x/>"));
    HttpResponse<String> broken =
        sp.postForm(
            "/Shibboleth.sso/ADFS",
            Map.of("wa", "wsignin1.0", "wresult", "<t:RequestSecurityTokenResponse", "wctx", "x"));
    HttpResponse<String> saml2 =
        sp.postForm(
            "/Shibboleth.sso/ADFS",
            Map.of(
                "wa",
                "wsignin1.0",
                "wresult",
                sp.idp.minter().mintXml(sp.idp.spec(sp.entityId(), sp.acsUrl()))));

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(saml2.statusCode()).isEqualTo(400);
    assertThat(unknown.body() + broken.body() + saml2.body()).doesNotContain("Exception");
  }

  @Test
  void adfsWhenSignOutCleanupThenSessionEndsAndPixelReturned() throws Exception {
    String cookie = TestSpGate.cookieOf(post(token(), startSignIn("/")));
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);

    HttpResponse<String> cleanup =
        sp.get("/Shibboleth.sso/ADFS?wa=wsignoutcleanup1.0", "Cookie", cookie);

    assertThat(cleanup.statusCode()).isEqualTo(200);
    assertThat(cleanup.headers().firstValue("Content-Type")).hasValue("image/gif");
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(302);
  }

  @Test
  void logoutWhenSessionIsWsFedThenRedirectsToIdpSignOut() throws Exception {
    String cookie = TestSpGate.cookieOf(post(token(), startSignIn("/")));

    HttpResponse<String> logout = sp.get("/Shibboleth.sso/Logout?return=/bye", "Cookie", cookie);

    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location").orElseThrow())
        .startsWith(TestIdp.WSFED_URL + "?wa=wsignout1.0&wreply=")
        .contains(java.net.URLEncoder.encode(sp.url("/bye"), StandardCharsets.UTF_8));
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(302);
  }

  @Test
  void metadataWhenServedThenListsTheAdfsEndpoint() throws Exception {
    assertThat(sp.get("/Shibboleth.sso/Metadata").body())
        .contains("Binding=\"http://schemas.xmlsoap.org/ws/2003/07/secext\"")
        .contains(sp.url("/Shibboleth.sso/ADFS"));
  }
}
