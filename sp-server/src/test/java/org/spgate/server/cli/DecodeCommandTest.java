package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.ResponseSpec;

/**
 * {@code spgate decode} on Responses minted at test time: each refusal class is named with its
 * check, SPG code and hint, next to an accepted control; the inputs come raw, as base64, as a form
 * body and inside a HAR file.
 */
class DecodeCommandTest {

  static final String SP = "https://sp.example.org/shibboleth";
  static final String ACS = "https://sp.example.org/Shibboleth.sso/SAML2/POST";
  static final Instant CAPTURED = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path dir;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final MutableClock clock = new MutableClock(CAPTURED);
  final TestIdp idp = new TestIdp(clock);
  Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    Path metadata = idp.writeMetadata(dir);
    Path map =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("attribute-maps/attribute-map.xml");
    config = dir.resolve("spgate.yaml");
    Files.writeString(
        config,
        "listen: 127.0.0.1:0\n"
            + "publicUrl: https://sp.example.org\n"
            + "entityId: "
            + SP
            + "\nidp: {metadata: ["
            + metadata
            + "]}\n"
            + "attributeMap: "
            + map
            + "\nroutes:\n"
            + "  - {path: /, backend: \"http://127.0.0.1:8081\", auth: required}\n");
  }

  private ResponseSpec spec() {
    ResponseSpec spec = idp.spec(SP, ACS);
    spec.inResponseTo = "_request-1";
    spec.attribute("urn:oid:0.9.2342.19200300.100.1.1", "alice");
    return spec;
  }

  private Path captured(String text) throws Exception {
    Path file = Files.createTempFile(dir, "captured", ".txt");
    Files.writeString(file, text);
    return file;
  }

  private int decode(Path input, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "decode";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    args[args.length - 1] = input.toString();
    return Main.run(
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void whenResponseIsValidAtCaptureTimeThenEveryCheckPassesAndExitIsZero() throws Exception {
    Path input = captured(idp.mint(spec()));
    assertThat(decode(input, "--at", CAPTURED.toString()))
        .as(out() + errBytes.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out())
        .contains("message: SAML 2.0 Response (base64 SAMLResponse)")
        .contains("<saml2p:Response")
        .contains("  pass  signature verifies with the IdP's metadata keys")
        .contains("  pass  assertion ID not seen before (replay)")
        .contains("InResponseTo _request-1 was taken as a login this SP started")
        .contains("result: accepted")
        .doesNotContain("FAIL");
  }

  @Test
  void whenDecodedTwiceThenTheReplayCacheOfTheFirstRunDoesNotRefuseTheSecond() throws Exception {
    Path input = captured(idp.mint(spec()));
    assertThat(decode(input, "--at", CAPTURED.toString())).isZero();
    outBytes.reset();
    assertThat(decode(input, "--at", CAPTURED.toString())).isZero();
    assertThat(out()).contains("result: accepted");
  }

  @Test
  void whenMessageIsOlderThanItsValidityThenExpiredIsNamedAndAtCaptureTimeItPasses()
      throws Exception {
    Path input = captured(idp.mint(spec()));
    assertThat(decode(input, "--at", CAPTURED.plus(Duration.ofHours(2)).toString())).isEqualTo(1);
    assertThat(out())
        .contains("  pass  Destination is this SP's ACS URL")
        .contains("  FAIL  IssueInstant within security.messageLifetime: SPG-24 EXPIRED")
        .contains("what to change: too old: pass --at with the capture time")
        .contains("(not reached)")
        .contains("result: refused with SPG-24");
  }

  @Test
  void whenAudienceIsAnotherSpThenWrongAudienceAndTheEntityIdHint() throws Exception {
    ResponseSpec spec = spec();
    spec.audiences = List.of("https://other-sp.example.org/shibboleth");
    assertThat(decode(captured(idp.mint(spec)), "--at", CAPTURED.toString())).isEqualTo(1);
    assertThat(out())
        .contains("  pass  bearer SubjectConfirmation (Recipient, NotOnOrAfter)")
        .contains("  FAIL  Conditions and Audience (entityId): SPG-23 WRONG_AUDIENCE")
        .contains("what to change: the Audience is not entityId");
  }

  @Test
  void whenSignedByAKeyNotInMetadataThenSignatureInvalid() throws Exception {
    String forged = TestIdp.attacker(clock).mint(spec());
    assertThat(decode(captured(forged), "--at", CAPTURED.toString())).isEqualTo(1);
    assertThat(out())
        .contains("  pass  issuer is a trusted IdP (idp.metadata)")
        .contains("  FAIL  signature verifies with the IdP's metadata keys: SPG-13")
        .contains("refresh idp.metadata (key rollover)")
        .contains("  --    Destination is this SP's ACS URL (not reached)");
  }

  @Test
  void whenDestinationIsAnotherUrlThenWrongDestinationAndThePublicUrlHint() throws Exception {
    ResponseSpec spec = spec();
    spec.destination = "https://old-host.example.org/Shibboleth.sso/SAML2/POST";
    assertThat(decode(captured(idp.mint(spec)), "--at", CAPTURED.toString())).isEqualTo(1);
    assertThat(out())
        .contains("  FAIL  Destination is this SP's ACS URL: SPG-21 WRONG_DESTINATION")
        .contains("set publicUrl");
  }

  @Test
  void whenIssuerIsNotInMetadataThenUnknownIssuer() throws Exception {
    TestIdp stranger =
        new TestIdp(clock, "https://stranger.example.org/idp", TestIdp.TestKeys.generate("x"));
    ResponseSpec spec = stranger.spec(SP, ACS);
    spec.inResponseTo = "_request-1";
    assertThat(decode(captured(stranger.mint(spec)), "--at", CAPTURED.toString())).isEqualTo(1);
    assertThat(out())
        .contains("  FAIL  issuer is a trusted IdP (idp.metadata): SPG-10 UNKNOWN_ISSUER")
        .contains("add the IdP's metadata to idp.metadata");
  }

  @Test
  void whenInputIsAFormBodyOrRawXmlThenTheSameResponseIsFoundAndAccepted() throws Exception {
    String base64 = idp.mint(spec());
    String form =
        "SAMLResponse="
            + URLEncoder.encode(base64, StandardCharsets.UTF_8)
            + "&RelayState=ss%3Amem%3Aabc";
    assertThat(decode(captured(form), "--at", CAPTURED.toString())).isZero();
    assertThat(out()).contains("(form body, field SAMLResponse)");
    outBytes.reset();
    String xml = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    assertThat(decode(captured(xml), "--at", CAPTURED.toString(), "--no-xml")).isZero();
    assertThat(out()).contains("(raw XML)").doesNotContain("<saml2p:Response");
  }

  @Test
  void whenInputIsAHarFileThenThePostToTheAcsIsTakenNotAnotherSignInPost() throws Exception {
    ResponseSpec elsewhere = spec();
    elsewhere.audiences = List.of("https://other-sp.example.org/shibboleth");
    String har =
        "{\"log\": {\"entries\": ["
            + entry("https://other-sp.example.org/acs", idp.mint(elsewhere))
            + ", {\"request\": {\"method\": \"GET\", \"url\": \"https://sp.example.org/\"}}, "
            + entry(ACS, idp.mint(spec()))
            + "]}}";
    assertThat(decode(captured(har), "--at", CAPTURED.toString())).isZero();
    assertThat(out()).contains("HAR: POST " + ACS + " (2 of 2 sign-in POSTs)");
  }

  @Test
  void whenInputHoldsNoMessageThenExitTwoWithWhatWasExpected() throws Exception {
    assertThat(decode(captured("hello, world"))).isEqualTo(2);
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .contains("expected raw XML, base64 of XML, a form body");
  }

  private static String entry(String url, String samlResponse) {
    return "{\"request\": {\"method\": \"POST\", \"url\": \""
        + url
        + "\", \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\","
        + " \"params\": [{\"name\": \"SAMLResponse\", \"value\": \""
        + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
        + "\"}, {\"name\": \"RelayState\", \"value\": \"x\"}]}}}";
  }

  @Test
  void whenWsFedSignInCarriesOurWctxThenAcceptedAndWithoutItUnsolicitedIsNamed() throws Exception {
    String wresult = idp.wsFed().mintXml(idp.wsFed().spec(SP));
    String form =
        "wa=wsignin1.0&wresult="
            + URLEncoder.encode(wresult, StandardCharsets.UTF_8)
            + "&wctx="
            + URLEncoder.encode(
                PendingLogins.relayStateFor("_0123456789abcdef0123456789abcdef"),
                StandardCharsets.UTF_8);
    assertThat(decode(captured(form), "--at", CAPTURED.toString()))
        .as(out() + errBytes.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out())
        .contains("message: WS-Federation sign-in (wresult) (form body, field wresult)")
        .contains(
            "wctx request _0123456789abcdef0123456789abcdef was taken as a login this SP started")
        .contains("result: accepted");
    outBytes.reset();
    assertThat(decode(captured(wresult), "--at", CAPTURED.toString())).isEqualTo(1);
    assertThat(out())
        .contains("(raw XML)")
        .contains("  pass  token signature verifies with the IdP's metadata keys")
        .contains("  FAIL  wctx / unsolicited policy: SPG-27 UNSOLICITED")
        .contains("security.allowUnsolicited");
  }
}
