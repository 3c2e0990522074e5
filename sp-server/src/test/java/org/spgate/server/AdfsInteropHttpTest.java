package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.Encryption;
import org.spgate.devidp.ResponseSpec;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.devidp.WsFedTokenSpec.AppliesToStyle;
import org.spgate.devidp.WsFedTokenSpec.TokenType;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * The shapes real WS-Federation and AD FS IdPs send, over HTTP to a running spgate configured as
 * the AD FS guide says (unsolicited sign-in on, {@code security.allowCbcEncryption: true}): the
 * AppliesTo and token variants, encrypted tokens in both forms, AD FS's SAML 2.0 default at the
 * ACS, the SAML 1.1 authentication context headers, the unsolicited {@code wctx} return target and
 * the login log line without a remote user — each beside the refusal of its near miss.
 */
class AdfsInteropHttpTest {

  static final String ALLOWED_ORIGIN = "https://app.example.org";

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "security:\n"
                + "  allowUnsolicited: true\n"
                + "  allowCbcEncryption: true\n"
                + "  decryptionFailuresPerMinute: 1000\n"
                + "  redirectAllowList: ["
                + ALLOWED_ORIGIN
                + "]\n",
            ", protocol: wsfed");
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

  static WsFedTokenSpec token() {
    WsFedTokenSpec spec = sp.idp.wsFed().spec(sp.entityId());
    spec.claim(WsFedTokenSpec.CLAIMS, "upn", "alice@corp.example");
    spec.claim(WsFedTokenSpec.MS_CLAIMS, "role", "admins");
    return spec;
  }

  static Encryption toSp() {
    return Encryption.adfs(sp.runtime.credentials.get(0).certificate());
  }

  static HttpResponse<String> post(WsFedTokenSpec spec, String wctx) throws Exception {
    return post(sp.idp.wsFed().mintXml(spec), wctx);
  }

  static HttpResponse<String> post(String wresult, String wctx) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("wa", "wsignin1.0");
    form.put("wresult", wresult);
    if (wctx != null) {
      form.put("wctx", wctx);
    }
    return sp.postForm("/Shibboleth.sso/ADFS", form);
  }

  /** The backend's view of a request with the session of {@code signIn}. */
  static RecordingBackend.Received backendSees(HttpResponse<String> signIn) throws Exception {
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
    assertThat(sp.get("/", "Cookie", TestSpGate.cookieOf(signIn)).statusCode()).isEqualTo(200);
    return sp.backend.take();
  }

  // ---- AppliesTo, Lifetime, SubjectConfirmation ----

  @Test
  void adfsWhenAppliesToUsesAddressing2004ThenClaimsReachBackend() throws Exception {
    WsFedTokenSpec spec = token();
    spec.addressing = WsFedTokenSpec.WSA_2004;

    assertThat(backendSees(post(spec, null)).get("upn")).isEqualTo("alice@corp.example");
  }

  @Test
  void adfsWhenAppliesToNamesAnotherRealmInEitherNamespaceThenRefusedWithWrongAudience()
      throws Exception {
    for (String addressing : List.of(WsFedTokenSpec.WSA_2004, WsFedTokenSpec.WSA_2005)) {
      WsFedTokenSpec spec = token();
      spec.addressing = addressing;
      spec.appliesTo = "https://other.example/shibboleth";

      HttpResponse<String> refused = post(spec, null);

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("SPG-23");
    }
  }

  @Test
  void adfsWhenEndpointReferenceHasDefaultNamespaceAndWhitespaceThenAccepted() throws Exception {
    WsFedTokenSpec spec = token();
    spec.appliesToStyle = AppliesToStyle.DEFAULT_NAMESPACE;

    assertThat(backendSees(post(spec, null)).get("upn")).isEqualTo("alice@corp.example");
  }

  @Test
  void adfsWhenNoLifetimeAndNoSubjectConfirmationThenAccepted() throws Exception {
    WsFedTokenSpec spec = token();
    spec.includeLifetime = false;
    spec.includeSubjectConfirmation = false;

    assertThat(backendSees(post(spec, null)).get("upn")).isEqualTo("alice@corp.example");
  }

  // ---- headers: mod_shib's SAML 1.1 context class ----

  @Test
  void backendWhenSaml11TokenThenAuthnContextClassIsTheAuthenticationMethod() throws Exception {
    WsFedTokenSpec spec = token();
    spec.authnMethod = "urn:federation:authentication:windows";

    RecordingBackend.Received received = backendSees(post(spec, null));

    assertThat(received.get("Shib-AuthnContext-Class"))
        .isEqualTo("urn:federation:authentication:windows");
    assertThat(received.get("Shib-Authentication-Method"))
        .isEqualTo("urn:federation:authentication:windows");
  }

  // ---- encrypted tokens ----

  @Test
  void adfsWhenSaml11TokenEncryptedAsAdfsDoesThenClaimsReachBackend() throws Exception {
    WsFedTokenSpec spec = token();
    spec.encryptFor = toSp();

    RecordingBackend.Received received = backendSees(post(spec, null));

    assertThat(received.get("upn")).isEqualTo("alice@corp.example");
    assertThat(received.get("role")).isEqualTo("admins");
  }

  @Test
  void adfsWhenSaml2EncryptedAssertionInRstrThenClaimsReachBackend() throws Exception {
    WsFedTokenSpec spec = token();
    spec.tokenType = TokenType.SAML20;
    spec.encryptFor = toSp();

    assertThat(backendSees(post(spec, null)).get("upn")).isEqualTo("alice@corp.example");
  }

  @Test
  void adfsWhenTokenEncryptedToAnotherKeyThenRefusedWithDecryptionFailed() throws Exception {
    WsFedTokenSpec spec = token();
    spec.encryptFor = Encryption.adfs(TestIdp.TestKeys.generate("other-sp.example").certificate());
    long before = sp.runtime.sessions().size();

    HttpResponse<String> refused = post(spec, null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("SPG-31");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(sp.runtime.sessions().size()).isEqualTo(before);
  }

  @Test
  void adfsWhenCiphertextTamperedThenRefusedWithDecryptionFailed() throws Exception {
    WsFedTokenSpec spec = token();
    spec.encryptFor = toSp();

    HttpResponse<String> refused =
        post(CiphertextFlips.flip(sp.idp.wsFed().mintXml(spec), 40, 1), null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("SPG-31");
  }

  // ---- SAML 2.0: AD FS's default at the ACS ----

  @Test
  void acsWhenAdfsDefaultAssertionSignedResponseUnsignedAes256CbcThenAccepted() throws Exception {
    ResponseSpec spec = adfsResponse();

    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), null);

    assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
    assertThat(sp.idp.minter().mintXml(spec)).contains(Encryption.AES256_CBC);
  }

  @Test
  void acsWhenAdfsDefaultCiphertextTamperedThenRefusedWithDecryptionFailed() throws Exception {
    String xml = CiphertextFlips.flip(sp.idp.minter().mintXml(adfsResponse()), 20, 0x40);

    HttpResponse<String> acs = sp.postAcs(org.spgate.devidp.ResponseMinter.base64(xml), null);

    assertThat(acs.statusCode()).isEqualTo(403);
    assertThat(acs.body()).contains("SPG-31");
  }

  static ResponseSpec adfsResponse() {
    ResponseSpec spec = sp.idp.spec(sp.entityId(), sp.acsUrl());
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    spec.signAssertion = true;
    spec.signResponse = false;
    spec.encryptFor = toSp();
    return spec;
  }

  // ---- unsolicited wctx ----

  @Test
  void adfsWhenUnsolicitedWctxIsLocalPathThenItIsTheReturnTarget() throws Exception {
    HttpResponse<String> signIn = post(token(), "/reports?q=1");

    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location")).hasValue(sp.url("/reports?q=1"));
  }

  @Test
  void adfsWhenUnsolicitedWctxIsAllowedOriginThenItIsTheReturnTarget() throws Exception {
    HttpResponse<String> signIn = post(token(), ALLOWED_ORIGIN + "/home");

    assertThat(signIn.headers().firstValue("Location")).hasValue(ALLOWED_ORIGIN + "/home");
  }

  @Test
  void adfsWhenUnsolicitedWctxLeavesAllowedOriginsThenIgnoredWithLogLine() throws Exception {
    ListAppender<ILoggingEvent> log = capture("spgate.login");
    try {
      HttpResponse<String> signIn = post(token(), "https://evil.example/phish");

      assertThat(signIn.statusCode()).isEqualTo(303);
      assertThat(signIn.headers().firstValue("Location")).hasValue(sp.url("/"));
      assertThat(log.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("wctx ignored")
                      .contains("evil.example"));
    } finally {
      release("spgate.login", log);
    }
  }

  // ---- Remote-User ----

  @Test
  void loginLogWhenNoRemoteUserAttributePresentThenSaysSoInsteadOfNull() throws Exception {
    ListAppender<ILoggingEvent> log = capture("spgate.login");
    try {
      assertThat(post(token(), null).statusCode()).isEqualTo(303);

      assertThat(log.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .startsWith("login [")
                      .contains("no remote user: none of headers.remoteUserAttributes [eppn")
                      .doesNotContain(" for null "));
    } finally {
      release("spgate.login", log);
    }
  }

  static ListAppender<ILoggingEvent> capture(String name) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(name)).addAppender(appender);
    return appender;
  }

  static void release(String name, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(name)).detachAppender(appender);
  }
}
