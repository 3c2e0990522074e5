package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensaml.saml.saml2.core.NameIDType;
import org.spgate.core.check.Reason;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.LogoutMinter;
import org.spgate.server.testing.TestSpGate;

/**
 * IdP-initiated Single Logout against a real spgate: a signed LogoutRequest ends the sessions of
 * its NameID and is answered by a LogoutResponse signed with the SP's key; each refusal beside the
 * accepted control, with its reason code on a 4xx page.
 */
class IdpLogoutHttpTest {

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

  static LogoutMinter minter() {
    return new LogoutMinter(sp.idp.entityId(), sp.idp.key(), sp.clock);
  }

  static LogoutSubject subject(String nameId, String sessionIndex) {
    return new LogoutSubject(
        nameId, NameIDType.PERSISTENT, sp.idp.entityId(), sp.entityId(), sessionIndex);
  }

  static String pathAndQuery(String url) {
    return "/Shibboleth.sso/SLO/Redirect" + url.substring(url.indexOf('?'));
  }

  @Test
  void redirectLogoutRequestWhenSignedThenEndsEverySessionOfNameIdAndAnswersSignedSuccess()
      throws Exception {
    String alice = "alice-" + System.nanoTime();
    String first = sp.login("/", spec -> spec.nameId = alice);
    String second = sp.login("/", spec -> spec.nameId = alice);
    String bob = sp.login("/", spec -> spec.nameId = "bob-" + System.nanoTime());
    assertThat(sp.get("/", "Cookie", first).statusCode()).isEqualTo(200);

    String url =
        minter().requestRedirect(sp.runtime.sloUrl("Redirect"), "_idp-lr-1", subject(alice, null));
    var answer = sp.get(pathAndQuery(url));

    assertThat(answer.statusCode()).isEqualTo(302);
    String location = answer.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(TestIdp.SLO_URL + "?SAMLResponse=");
    RedirectQuery query = RedirectQuery.parse(location.substring(location.indexOf('?') + 1));
    RedirectBinding.verify(
        query,
        RedirectBinding.RESPONSE,
        List.of(sp.runtime.credentials.get(0).certificate().getPublicKey()),
        new AlgorithmPolicy(false));
    String xml =
        new String(
            RedirectBinding.decodeMessage(query, RedirectBinding.RESPONSE, 1 << 16),
            StandardCharsets.UTF_8);
    assertThat(xml)
        .contains("InResponseTo=\"_idp-lr-1\"")
        .contains("urn:oasis:names:tc:SAML:2.0:status:Success")
        .contains(sp.entityId());
    assertThat(sp.get("/", "Cookie", first).statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", second).statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", bob).statusCode()).isEqualTo(200);
  }

  @Test
  void postLogoutRequestWithSessionIndexThenEndsOnlyThatSession() throws Exception {
    String alice = "alice-" + System.nanoTime();
    String first =
        sp.login(
            "/",
            spec -> {
              spec.nameId = alice;
              spec.sessionIndex = "_idx-first";
            });
    String second = sp.login("/", spec -> spec.nameId = alice);

    var answer =
        sp.postForm(
            "/Shibboleth.sso/SLO/POST",
            Map.of(
                "SAMLRequest",
                minter()
                    .requestPost(
                        sp.runtime.sloUrl("POST"), "_idp-lp-1", subject(alice, "_idx-first"))));

    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", first).statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", second).statusCode()).isEqualTo(200);
  }

  @Test
  void redirectLogoutRequestWhenUnsignedThenRefusedWithReasonAndSessionStays() throws Exception {
    String alice = "alice-" + System.nanoTime();
    String cookie = sp.login("/", spec -> spec.nameId = alice);
    String url =
        minter()
            .unsigned()
            .requestRedirect(sp.runtime.sloUrl("Redirect"), "_idp-lr-u", subject(alice, null));

    var answer = sp.get(pathAndQuery(url));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains(Reason.UNSIGNED.code());
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);
  }

  @Test
  void redirectLogoutRequestWhenQueryReEncodedThenRefusedWithSignatureInvalid() throws Exception {
    String alice = "alice-" + System.nanoTime();
    String cookie = sp.login("/", spec -> spec.nameId = alice);
    String url =
        minter().requestRedirect(sp.runtime.sloUrl("Redirect"), "_idp-lr-e", subject(alice, null));

    var answer = sp.get(pathAndQuery(url).replace("%3A", "%3a"));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains(Reason.SIGNATURE_INVALID.code());
    assertThat(sp.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);
  }

  @Test
  void redirectLogoutRequestWhenReplayedThenSecondIsRefusedWithReplayed() throws Exception {
    String url =
        minter()
            .requestRedirect(sp.runtime.sloUrl("Redirect"), "_idp-lr-r", subject("nobody", null));
    assertThat(sp.get(pathAndQuery(url)).statusCode()).isEqualTo(302);
    var again = sp.get(pathAndQuery(url));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains(Reason.REPLAYED.code());
  }

  @Test
  void redirectLogoutRequestWhenExpiredOrForAnotherDestinationThenRefused() throws Exception {
    String to = sp.runtime.sloUrl("Redirect");
    var expired =
        sp.get(
            pathAndQuery(
                minter()
                    .issuedAgo(Duration.ofHours(1))
                    .requestRedirect(to, "_idp-lr-x", subject("nobody", null))));
    assertThat(expired.body()).contains(Reason.EXPIRED.code());
    var elsewhere =
        sp.get(
            pathAndQuery(
                minter()
                    .destination("https://other.example/Shibboleth.sso/SLO/Redirect")
                    .requestRedirect(to, "_idp-lr-d", subject("nobody", null))));
    assertThat(elsewhere.body()).contains(Reason.WRONG_DESTINATION.code());
  }

  @Test
  void metadataWhenFetchedThenListsBothSloEndpoints() throws Exception {
    String metadata = sp.get("/Shibboleth.sso/Metadata").body();
    assertThat(metadata)
        .contains(
            "Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                + sp.runtime.sloUrl("Redirect"))
        .contains(
            "Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + sp.runtime.sloUrl("POST"));
  }
}
