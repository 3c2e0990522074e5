package org.spgate.devidp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.testing.Browser;

/** The development IdP's own endpoints, driven with hand-made AuthnRequests. */
class DevIdpServerTest {

  private static final String SP = "http://127.0.0.1:1/shibboleth";
  private static final String ACS = "http://127.0.0.1:1/Shibboleth.sso/SAML2/POST";
  private static final SpCredential KEY = TestIdp.TestKeys.generate("dev-idp.test");

  private final Browser browser = new Browser();
  private final DevIdpServer idp = DevIdpServer.builder().sp(SP, ACS).key(KEY).start();

  @AfterEach
  void stop() {
    idp.close();
  }

  /** A deflated, base64 HTTP-Redirect AuthnRequest. */
  static String authnRequest(String issuer, String acsUrl) throws Exception {
    String xml =
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_req1\" Version=\"2.0\""
            + " IssueInstant=\"2026-01-01T00:00:00Z\" AssertionConsumerServiceURL=\""
            + acsUrl
            + "\"><saml:Issuer>"
            + issuer
            + "</saml:Issuer></samlp:AuthnRequest>";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DeflaterOutputStream out =
        new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
      out.write(xml.getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private HttpResponse<String> sso(String samlRequest) throws Exception {
    return browser.get(
        idp.ssoUrl()
            + "?SAMLRequest="
            + URLEncoder.encode(samlRequest, StandardCharsets.UTF_8)
            + "&RelayState=rs1",
        null);
  }

  private HttpResponse<String> login(String user, String password) throws Exception {
    HttpResponse<String> page = sso(authnRequest(SP, ACS));
    Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
    form.put("username", user);
    form.put("password", password);
    return browser.post(Browser.formAction(page.uri().toString(), page.body()), form);
  }

  @Test
  void ssoWhenAcsUrlIsItsSpThenShowsLoginPageWithUsers() throws Exception {
    HttpResponse<String> page = sso(authnRequest(SP, ACS));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("DEVELOPMENT IdP — not for production")
        .contains("<td>alice</td>")
        .contains("Grâce Hopper-Ünal");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("default-src 'none'");
    assertThat(Browser.hiddenFields(page.body())).containsEntry("RelayState", "rs1");
  }

  @Test
  void ssoWhenAcsUrlIsNotItsSpThenRejectsWith400() throws Exception {
    HttpResponse<String> page = sso(authnRequest(SP, "https://evil.example/acs"));

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("is not the SP").doesNotContain("password");
  }

  @Test
  void ssoWhenPostedWithForeignAcsUrlThenRejectsWith400() throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("SAMLRequest", authnRequest(SP, "https://evil.example/acs"));
    form.put("username", "alice");
    form.put("password", "alice");

    HttpResponse<String> answer = browser.post(idp.ssoUrl(), form);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).doesNotContain("SAMLResponse");
  }

  @Test
  void ssoWhenIssuerIsAnotherSpThenRejectsWith400() throws Exception {
    assertThat(sso(authnRequest("https://other.example/sp", ACS)).statusCode()).isEqualTo(400);
  }

  @Test
  void ssoWhenSamlRequestIsNotDeflatedXmlThenRejectsWith400() throws Exception {
    assertThat(sso("bm90IGRlZmxhdGVk").statusCode()).isEqualTo(400);
  }

  @Test
  void ssoWhenPostedFormIsOverTheCapThenRejectsWith400() throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("SAMLRequest", authnRequest(SP, ACS));
    form.put("username", "alice");
    form.put("password", "alice");
    form.put("padding", "x".repeat(128 * 1024));

    HttpResponse<String> answer = browser.post(idp.ssoUrl(), form);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("form body over").doesNotContain("SAMLResponse");
  }

  @Test
  void ssoWhenMethodIsPutThenRejectsWith400() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(idp.ssoUrl()))
                    .PUT(HttpRequest.BodyPublishers.ofString("username=alice"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("expected GET or POST, got PUT");
  }

  @Test
  void loginWhenPasswordIsRightThenPostsSignedResponseToAcs() throws Exception {
    HttpResponse<String> answer = login("alice", "alice");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Browser.formAction(answer.uri().toString(), answer.body())).isEqualTo(ACS);
    Map<String, String> fields = Browser.hiddenFields(answer.body());
    assertThat(fields).containsEntry("RelayState", "rs1");
    String xml =
        new String(Base64.getDecoder().decode(fields.get("SAMLResponse")), StandardCharsets.UTF_8);
    assertThat(xml)
        .contains("InResponseTo=\"_req1\"")
        .contains("Destination=\"" + ACS + "\"")
        .contains("ds:SignatureValue")
        .contains(DevUser.EPPN)
        .contains("alice@example.org");
    assertThat(answer.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("form-action http://127.0.0.1:1")
        .contains("script-src 'nonce-");
  }

  @Test
  void loginWhenPasswordIsWrongThenLoginPageAgainWith401() throws Exception {
    HttpResponse<String> answer = login("alice", "bob");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body())
        .contains("Wrong username or password.")
        .doesNotContain("SAMLResponse");
  }

  @Test
  void loginWhenUsernameHasMarkupThenItIsEscaped() throws Exception {
    HttpResponse<String> answer = login("<script>x</script>", "x");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body())
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .doesNotContain("<script>x");
  }

  @Test
  void metadataWhenFetchedThenNamesEntityIdAndSsoUrl() throws Exception {
    HttpResponse<String> metadata = browser.get(idp.metadataUrl(), null);

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body())
        .contains("entityID=\"" + DevIdpServer.DEFAULT_ENTITY_ID + "\"")
        .contains("Location=\"" + idp.ssoUrl() + "\"")
        .isEqualTo(idp.metadataXml());
  }

  @Test
  void startWhenAddressIsNotLoopbackThenRefuses() {
    assertThatExceptionOfType(DevIdpServer.NotLoopbackException.class)
        .isThrownBy(() -> DevIdpServer.builder().sp(SP, ACS).key(KEY).listen("0.0.0.0", 0).start())
        .withMessageContaining("non-loopback address 0.0.0.0")
        .withMessageContaining("--allow-non-loopback");
  }

  @Test
  void startWhenNonLoopbackIsAllowedThenListens() {
    try (DevIdpServer open =
        DevIdpServer.builder()
            .sp(SP, ACS)
            .key(KEY)
            .listen("0.0.0.0", 0)
            .allowNonLoopback(true)
            .start()) {
      assertThat(open.baseUrl()).startsWith("http://0.0.0.0:");
    }
  }

  @Test
  void usersWhenDefaultThenGraceHas150Groups() {
    DevUser grace = DevUsers.defaults().get(2);

    assertThat(grace.displayName()).isEqualTo("Grâce Hopper-Ünal");
    assertThat(grace.attributes().get(DevUser.GROUPS)).hasSize(150);
    assertThat(DevUsers.defaults().get(0).attributes().get(DevUser.GROUPS))
        .containsExactly("staff", "developers");
  }

  @Test
  void usersWhenYamlIsValidThenMapsFriendlyNamesToOids() throws Exception {
    List<DevUser> users =
        DevUsers.parse(
            """
        users:
          - username: carol
            password: pw
            eppn: carol@example.org
            groups: [a, b]
            entitlement: urn:x:1
        """,
            "users.yaml");

    assertThat(users)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.username()).isEqualTo("carol");
              assertThat(u.attributes())
                  .containsEntry(DevUser.EPPN, List.of("carol@example.org"))
                  .containsEntry(DevUser.GROUPS, List.of("a", "b"))
                  .containsEntry(DevUser.ENTITLEMENT, List.of("urn:x:1"));
            });
  }

  @Test
  void usersWhenYamlHasUnknownKeyThenNamesLine() {
    assertThatExceptionOfType(java.io.IOException.class)
        .isThrownBy(
            () ->
                DevUsers.parse(
                    "users:\n  - username: a\n    password: b\n" + "    colour: red\n",
                    "users.yaml"))
        .withMessageStartingWith("users.yaml:4: unknown key 'colour'");
  }

  @Test
  void usersWhenYamlUsesTagsOrAliasesThenRefuses() {
    assertThatExceptionOfType(java.io.IOException.class)
        .isThrownBy(
            () -> DevUsers.parse("users:\n  - username: &x a\n    password: *x\n", "users.yaml"));
    assertThatExceptionOfType(java.io.IOException.class)
        .isThrownBy(
            () ->
                DevUsers.parse(
                    "users:\n  - !!javax.script.ScriptEngineManager [x]\n", "users.yaml"));
  }
}
