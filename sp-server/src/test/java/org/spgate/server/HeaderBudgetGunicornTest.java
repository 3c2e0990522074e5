package org.spgate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.server.testing.GunicornApp;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.TestSpGate;

/**
 * Identity headers against a real gunicorn with its default {@code limit_request_field_size} of
 * 8190 octets per header line (name, ": ", value, CRLF). Without a budget a large attribute makes
 * gunicorn answer 400 — the control that proves its limit is real; with a route's budget spgate
 * refuses (SPG-92, naming the attribute), drops or truncates as configured, and gunicorn receives
 * exactly the expected headers.
 */
class HeaderBudgetGunicornTest {

  static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";
  static final String GIVEN_NAME = "urn:oid:2.5.4.42";

  /** gunicorn's default limit_request_field_size. */
  static final int GUNICORN_FIELD = 8190;

  /** "entitlement: " and CRLF around the value. */
  static final int FRAME = "entitlement".length() + 4;

  @TempDir static Path dir;
  static GunicornApp gunicorn;
  static TestSpGate sp;

  /** Refuses over 8 KiB by default; one route drops instead. */
  static TestSpGate mixed;

  @BeforeAll
  static void start() throws Exception {
    gunicorn = GunicornApp.start(java.nio.file.Files.createDirectory(dir.resolve("gunicorn")));
    String g = gunicorn.url();
    sp =
        new TestSpGate(
            java.nio.file.Files.createDirectory(dir.resolve("sp")),
            String.join(
                "\n",
                "  - {path: /plain, backend: \"" + g + "\"}",
                "  - {path: /refuse, backend: \"" + g + "\", headers: {maxHeaderSize: 8190}}",
                "  - path: /drop",
                "    backend: \"" + g + "\"",
                "    headers: {maxHeaderSize: 8190, onOverflow: drop}",
                "  - path: /truncate",
                "    backend: \"" + g + "\"",
                "    headers: {maxHeaderSize: 8190, onOverflow: truncate}",
                "  - path: /total",
                "    backend: \"" + g + "\"",
                "    headers: {maxTotalSize: 8KiB}"),
            // Forward-auth asks come from a trusted proxy (the test itself).
            "proxy: {trustedProxies: [127.0.0.1]}\n");
    mixed =
        new TestSpGate(
            java.nio.file.Files.createDirectory(dir.resolve("mixed")),
            String.join(
                "\n",
                "  - {path: /, backend: \"" + g + "\"}",
                "  - {path: /py, backend: \"" + g + "\", headers: {onOverflow: drop}}"),
            "headers: {maxTotalSize: 8KiB}\n");
  }

  /** Closes what started, also when start() failed half-way (gunicorn must not outlive it). */
  @AfterAll
  static void stop() {
    if (mixed != null) {
      mixed.close();
    }
    if (sp != null) {
      sp.close();
    }
    if (gunicorn != null) {
      gunicorn.close();
    }
  }

  /** An entitlement whose header line is {@code lineBytes} octets: one value of ASCII. */
  private static String cookieWithEntitlementLine(int lineBytes) throws Exception {
    String value = "urn:example:" + "x".repeat(lineBytes - FRAME - "urn:example:".length());
    return sp.login("/plain", s -> s.attribute(ENTITLEMENT, value));
  }

  private static String[] groups(int count) {
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      String head = "urn:mace:example.org:group-" + i + ":";
      values[i] = head + "g".repeat(60 - head.length());
    }
    return values;
  }

  @Test
  void plainRouteWhenHeaderLineIsExactlyGunicornsLimitThenGunicornAnswers() throws Exception {
    String cookie = cookieWithEntitlementLine(GUNICORN_FIELD);
    HttpResponse<String> response = sp.get("/plain/x", "Cookie", cookie);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(GunicornApp.headersOf(response).get("HTTP_ENTITLEMENT"))
        .hasSize(GUNICORN_FIELD - FRAME);
  }

  @Test
  void plainRouteWhenHeaderLineIsOneOctetOverGunicornsLimitThenGunicornAnswers400()
      throws Exception {
    // The control: without a budget the backend's own limit decides, with a bare 400.
    String cookie = cookieWithEntitlementLine(GUNICORN_FIELD + 1);
    HttpResponse<String> response = sp.get("/plain/x", "Cookie", cookie);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("SPG-");
  }

  @Test
  void refuseRouteWhenHeaderLineIsExactlyTheLimitThenPassedWhole() throws Exception {
    String cookie = cookieWithEntitlementLine(GUNICORN_FIELD);
    HttpResponse<String> response = sp.get("/refuse/x", "Cookie", cookie);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(GunicornApp.headersOf(response).get("HTTP_ENTITLEMENT"))
        .hasSize(GUNICORN_FIELD - FRAME);
  }

  @Test
  void refuseRouteWhenHeaderLineIsOneOctetOverThenSpg92PageNamingTheAttributeAndNoBackendRequest()
      throws Exception {
    String cookie = cookieWithEntitlementLine(GUNICORN_FIELD + 1);
    int before = gunicorn.served();
    HttpResponse<String> response;
    try (LogLines refused = LogLines.of("spgate.refused")) {
      response = sp.get("/refuse/x", "Cookie", cookie);
      assertThat(refused.countContaining("SPG-92")).isEqualTo(1);
      assertThat(refused.lines().get(0))
          .contains("/refuse")
          .contains("entitlement")
          .contains("8191 bytes")
          .doesNotContain("xxxxxxxx");
    }
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.statusCode()).isEqualTo(Reason.IDENTITY_HEADER_TOO_LARGE.httpStatus());
    assertThat(response.body())
        .contains("SPG-92")
        .contains("<strong>entitlement</strong>")
        .contains("Correlation id")
        .doesNotContain("urn:example:");
    assertThat(gunicorn.served()).isEqualTo(before);
  }

  @Test
  void refuseRouteWhenApiClientThenJsonNamesTheAttribute() throws Exception {
    String cookie = cookieWithEntitlementLine(GUNICORN_FIELD + 1);
    HttpResponse<String> response =
        sp.get("/refuse/x", "Cookie", cookie, "Accept", "application/json");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .contains("\"code\":\"SPG-92\"")
        .contains("\"attribute\":\"entitlement\"");
  }

  @Test
  void dropRouteWhenHeaderIsOverTheLimitThenLeftOutAnnouncedAndLoggedOncePerSession()
      throws Exception {
    String cookie =
        sp.login(
            "/plain",
            s -> {
              s.attribute(ENTITLEMENT, groups(200));
              s.attribute(GIVEN_NAME, "Grâce");
            });
    try (LogLines headersLog = LogLines.of("spgate.headers")) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response = sp.get("/drop/x", "Cookie", cookie);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> got = GunicornApp.headersOf(response);
        assertThat(got).doesNotContainKey("HTTP_ENTITLEMENT");
        assertThat(got).containsEntry("HTTP_SPGATE_DROPPED_ATTRIBUTES", "entitlement");
        assertThat(got).doesNotContainKey("HTTP_SPGATE_TRUNCATED_ATTRIBUTES");
        assertThat(got).containsEntry("HTTP_REMOTE_USER", "alice@example.org");
        assertThat(new String(got.get("HTTP_GIVENNAME").getBytes(ISO_8859_1), UTF_8))
            .isEqualTo("Grâce");
      }
      assertThat(headersLog.countContaining("entitlement")).isEqualTo(1);
      assertThat(headersLog.lines().get(0))
          .contains("SPG-92")
          .contains("/drop")
          .contains("dropped")
          .doesNotContain("group-0");
    }
  }

  @Test
  void dropRouteWhenEverythingFitsThenNoAnnouncement() throws Exception {
    String cookie = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(100)));
    HttpResponse<String> response = sp.get("/drop/x", "Cookie", cookie);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> got = GunicornApp.headersOf(response);
    assertThat(got.get("HTTP_ENTITLEMENT")).isEqualTo(String.join(";", groups(100)));
    assertThat(got).doesNotContainKey("HTTP_SPGATE_DROPPED_ATTRIBUTES");
  }

  @Test
  void truncateRouteWhenHeaderIsOverTheLimitThenTheFirstValuesThatFitReachGunicorn()
      throws Exception {
    String[] groups = groups(200);
    String cookie = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups));
    HttpResponse<String> response = sp.get("/truncate/x", "Cookie", cookie);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> got = GunicornApp.headersOf(response);
    // 60-octet values and ';': k values take 61k - 1 octets; 8190 - 15 allows k = 133.
    int kept = (GUNICORN_FIELD - FRAME + 1) / 61;
    assertThat(got.get("HTTP_ENTITLEMENT"))
        .isEqualTo(String.join(";", Arrays.copyOf(groups, kept)));
    assertThat(FRAME + 61 * (kept + 1) - 1).isGreaterThan(GUNICORN_FIELD);
    assertThat(got).containsEntry("HTTP_SPGATE_TRUNCATED_ATTRIBUTES", "entitlement");
    assertThat(got).doesNotContainKey("HTTP_SPGATE_DROPPED_ATTRIBUTES");
  }

  @Test
  void totalRouteWhenIdentityIsOverMaxTotalSizeThenSpg93AndBelowItPassed() throws Exception {
    String over = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(140)));
    HttpResponse<String> refused = sp.get("/total/x", "Cookie", over);
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).contains("SPG-93").contains("<strong>entitlement</strong>");

    String under = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(100)));
    HttpResponse<String> passed = sp.get("/total/x", "Cookie", under);
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(GunicornApp.headersOf(passed).get("HTTP_ENTITLEMENT")).hasSize(100 * 61 - 1);
  }

  @Test
  void anyRouteWhenClientSendsTheAnnouncementHeadersThenGunicornNeverSeesThem() throws Exception {
    String cookie = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(2)));
    HttpResponse<String> response =
        sp.get(
            "/drop/x",
            "Cookie",
            cookie,
            "Spgate-Dropped-Attributes",
            "memberOf",
            "Spgate-Truncated-Attributes",
            "eppn");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> got = GunicornApp.headersOf(response);
    assertThat(got).doesNotContainKey("HTTP_SPGATE_DROPPED_ATTRIBUTES");
    assertThat(got).doesNotContainKey("HTTP_SPGATE_TRUNCATED_ATTRIBUTES");
    assertThat(got).containsKey("HTTP_ENTITLEMENT");
  }

  @Test
  void forwardAuthWhenRouteDropsThenTheVerdictCarriesTheAnnouncementInsteadOfTheAttribute()
      throws Exception {
    String cookie = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(200)));
    HttpResponse<String> verdict =
        sp.get("/Shibboleth.sso/auth", "Cookie", cookie, "X-Original-URI", "/drop/x");
    assertThat(verdict.statusCode()).isEqualTo(200);
    assertThat(verdict.headers().firstValue("entitlement")).isEmpty();
    assertThat(verdict.headers().firstValue("Spgate-Dropped-Attributes")).contains("entitlement");
    assertThat(verdict.headers().firstValue("Remote-User")).contains("alice@example.org");
  }

  @Test
  void forwardAuthWhenRouteRefusesThenSpg92WithoutAnyIdentityHeader() throws Exception {
    String cookie = sp.login("/plain", s -> s.attribute(ENTITLEMENT, groups(200)));
    HttpResponse<String> refused =
        sp.get("/Shibboleth.sso/auth", "Cookie", cookie, "X-Original-URI", "/refuse/x");
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).contains("SPG-92").contains("entitlement");
    assertThat(refused.headers().firstValue("Remote-User")).isEmpty();
    assertThat(refused.headers().firstValue("Shib-Session-ID")).isEmpty();
    HttpResponse<String> control =
        sp.get("/Shibboleth.sso/auth", "Cookie", cookie, "X-Original-URI", "/truncate/x");
    assertThat(control.statusCode()).isEqualTo(200);
    assertThat(control.headers().firstValue("Remote-User")).contains("alice@example.org");
  }

  @Test
  void loginWhenOneRouteDropsThenSessionMadeAndOnlyTheRefusingRouteRefuses() throws Exception {
    // Over the section's 8 KiB: refused on "/", passed without the attribute on "/py". Without
    // the dropping route the login itself is refused (SPG-60, HeaderEncodingHttpTest).
    String cookie = mixed.login("/", s -> s.attribute(ENTITLEMENT, groups(200)));
    HttpResponse<String> refused = mixed.get("/x", "Cookie", cookie);
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).contains("SPG-93");
    HttpResponse<String> dropped = mixed.get("/py/x", "Cookie", cookie);
    assertThat(dropped.statusCode()).isEqualTo(200);
    assertThat(GunicornApp.headersOf(dropped))
        .containsEntry("HTTP_SPGATE_DROPPED_ATTRIBUTES", "entitlement")
        .doesNotContainKey("HTTP_ENTITLEMENT");
  }
}
