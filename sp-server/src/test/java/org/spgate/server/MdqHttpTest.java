package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.MetadataSigner;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.MdqServer;
import org.spgate.server.testing.TestSpGate;

/**
 * IdPs from a Metadata Query responder (a local HTTPS server made by the test, serving signed
 * per-entity documents): fetched once when an Issuer first names them, remembered, and refused when
 * the responder does not know them, the signature is not the federation's or the document expired;
 * each refusal beside an accepted control, with the responder's hit count showing what was fetched.
 */
class MdqHttpTest {

  static final String MDQ_IDP = "https://mdq.test.example/idp/shibboleth";
  static final String MDQ_SSO = "https://mdq.test.example/idp/profile/SAML2/Redirect/SSO";
  static final String ROUTES = "  - {path: /app, backend: BACKEND}";

  @TempDir Path dir;
  final SpCredential federation = TestIdp.TestKeys.generate("federation signer");
  final SpCredential stranger = TestIdp.TestKeys.generate("not the federation");
  MdqServer mdq;
  TestSpGate sp;

  @BeforeEach
  void start() throws Exception {
    mdq = new MdqServer(dir.resolve("tls-ca.pem"));
    Files.writeString(dir.resolve("federation.pem"), PemFiles.toPem(federation.certificate()));
  }

  @AfterEach
  void stop() {
    if (sp != null) {
      sp.close();
    }
    mdq.close();
  }

  private TestSpGate startSp(String entityId, String mdqExtra) throws Exception {
    Path node = dir.resolve("node");
    Files.createDirectories(node);
    return new TestSpGate(
        node,
        ROUTES,
        "security: {allowUnsolicited: true}\n",
        ", entityId: '"
            + entityId
            + "', remoteMetadata: [{mdq: '"
            + mdq.baseUrl()
            + "', signingCert: "
            + dir.resolve("federation.pem")
            + ", tlsCa: "
            + dir.resolve("tls-ca.pem")
            + mdqExtra
            + "}]");
  }

  @Test
  void anIdpTheResponderKnowsIsFetchedOnceThenRemembered() throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, "");
    TestIdp remote = idp("https://one.test.example/idp");
    serve(remote, federation, sp.clock.instant().plus(Duration.ofDays(7)));
    assertThat(mdq.hits()).isZero();
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(mdq.hits(path(remote.entityId()))).isEqualTo(1);
    // The IdP of the metadata file is never asked of the responder.
    assertThat(signIn(sp.idp)).isEqualTo(303);
    assertThat(mdq.hits()).isEqualTo(1);
  }

  @Test
  void anIdpTheResponderDoesNotKnowIsRefusedAndNotAskedAgainWithinTheNotFoundTtl()
      throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, ", notFoundTtl: 10m");
    TestIdp unknown = idp("https://unknown.test.example/idp");
    HttpResponse<String> refused = sp.postAcs(unsolicited(unknown), null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains(Reason.UNKNOWN_ISSUER.code());
    assertThat(signIn(unknown)).isEqualTo(403);
    assertThat(mdq.hits(path(unknown.entityId()))).isEqualTo(1);
    // The responder learns the IdP: still refused (and not asked) until the 404 is forgotten.
    serve(unknown, federation, sp.clock.instant().plus(Duration.ofDays(7)));
    sp.clock.advance(Duration.ofMinutes(9));
    assertThat(signIn(unknown)).isEqualTo(403);
    assertThat(mdq.hits(path(unknown.entityId()))).isEqualTo(1);
    sp.clock.advance(Duration.ofMinutes(2));
    assertThat(signIn(unknown)).isEqualTo(303);
    assertThat(mdq.hits(path(unknown.entityId()))).isEqualTo(2);
  }

  @Test
  void aDocumentNotSignedByTheFederationIsRefused() throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, "");
    TestIdp forged = idp("https://forged.test.example/idp");
    serve(forged, stranger, sp.clock.instant().plus(Duration.ofDays(7)));
    assertThat(signIn(forged)).isEqualTo(403);
    // Control: the same kind of document signed with the configured key is taken.
    TestIdp signed = idp("https://signed.test.example/idp");
    serve(signed, federation, sp.clock.instant().plus(Duration.ofDays(7)));
    assertThat(signIn(signed)).isEqualTo(303);
  }

  @Test
  void anExpiredDocumentIsRefused() throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, "");
    TestIdp expired = idp("https://expired.test.example/idp");
    serve(expired, federation, sp.clock.instant().minus(Duration.ofMinutes(1)));
    assertThat(signIn(expired)).isEqualTo(403);
    TestIdp current = idp("https://current.test.example/idp");
    serve(current, federation, sp.clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(signIn(current)).isEqualTo(303);
  }

  @Test
  void anEntityIsFetchedAgainOnceItsValidUntilHasPassed() throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, "");
    TestIdp remote = idp("https://short.test.example/idp");
    serve(remote, federation, sp.clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(signIn(remote)).isEqualTo(303);
    sp.clock.advance(Duration.ofMinutes(29));
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(mdq.hits(path(remote.entityId()))).isEqualTo(1);
    serve(remote, federation, sp.clock.instant().plus(Duration.ofDays(1)));
    sp.clock.advance(Duration.ofMinutes(2));
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(mdq.hits(path(remote.entityId()))).isEqualTo(2);
  }

  @Test
  void madeUpIssuersBeyondTheFetchBudgetAreRefusedWithoutAFetch() throws Exception {
    sp = startSp(TestIdp.ENTITY_ID, ", fetchesPerMinute: 2");
    for (int i = 0; i < 5; i++) {
      assertThat(signIn(idp("https://made-up-" + i + ".test.example/idp"))).isEqualTo(403);
    }
    assertThat(mdq.hits()).isEqualTo(2);
    // Control: a minute later the budget is back and a real IdP is fetched.
    TestIdp real = idp("https://real.test.example/idp");
    serve(real, federation, sp.clock.instant().plus(Duration.ofDays(1)));
    sp.clock.advance(Duration.ofMinutes(1));
    assertThat(signIn(real)).isEqualTo(303);
    assertThat(mdq.hits()).isEqualTo(3);
  }

  @Test
  void aLoginToAnIdpResolvedByTheResponderRunsEndToEnd() throws Exception {
    TestIdp remote =
        new TestIdp(
            org.spgate.core.testing.MutableClock.atSystemTime(),
            MDQ_IDP,
            TestIdp.TestKeys.generate("mdq idp"));
    serve(remote, federation, Instant.now().plus(Duration.ofDays(7)));
    sp = startSp(MDQ_IDP, "");
    assertThat(mdq.hits(path(MDQ_IDP))).isEqualTo(1);
    TestSpGate.StartedLogin login = sp.startLogin("/app");
    assertThat(sp.get("/app").headers().firstValue("Location").orElseThrow()).startsWith(MDQ_SSO);
    TestIdp signer = new TestIdp(sp.clock, MDQ_IDP, remote.key());
    ResponseSpec spec = signer.spec(sp.entityId(), sp.acsUrl());
    spec.inResponseTo = login.requestId();
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    HttpResponse<String> acs = sp.postAcs(signer.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    HttpResponse<String> app = sp.get("/app", "Cookie", TestSpGate.cookieOf(acs));
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(mdq.hits(path(MDQ_IDP))).isEqualTo(1);
    // Control: another IdP's Response to the same kind of login is refused.
    TestSpGate.StartedLogin second = sp.startLogin("/app");
    ResponseSpec other = sp.idp.spec(sp.entityId(), sp.acsUrl());
    other.inResponseTo = second.requestId();
    assertThat(sp.postAcs(sp.idp.mint(other), second.relayState()).statusCode()).isEqualTo(403);
  }

  @Test
  void whenTheResponderDoesNotKnowTheIdpLoginsGoToThenStartUpNamesTheSource() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> startSp(MDQ_IDP, ""))
        .hasMessageContaining("idp.remoteMetadata[0].mdq")
        .hasMessageContaining("404");
  }

  private TestIdp idp(String entityId) {
    return new TestIdp(sp.clock, entityId, TestIdp.TestKeys.generate(entityId));
  }

  private void serve(TestIdp idp, SpCredential signer, Instant validUntil) {
    String entity =
        IdpMetadataWriter.write(idp.entityId(), MDQ_SSO, idp.key(), false)
            .replaceFirst("^<\\?xml[^>]*\\?>", "")
            .replaceFirst(
                "<md:EntityDescriptor ",
                "<md:EntityDescriptor validUntil=\"" + validUntil + "\" cacheDuration=\"PT1H\" ");
    mdq.serve(
        path(idp.entityId()), MetadataSigner.sign(entity.getBytes(StandardCharsets.UTF_8), signer));
  }

  /** The request path of {@code entityId}, computed here from the specification's words. */
  private static String path(String entityId) {
    byte[] sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1").digest(entityId.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return "/mdq/entities/%7Bsha1%7D" + HexFormat.of().formatHex(sha1);
  }

  private String unsolicited(TestIdp idp) {
    ResponseSpec spec = idp.spec(sp.entityId(), sp.acsUrl());
    spec.inResponseTo = null;
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    return idp.mint(spec);
  }

  private int signIn(TestIdp idp) throws Exception {
    return sp.postAcs(unsolicited(idp), null).statusCode();
  }
}
