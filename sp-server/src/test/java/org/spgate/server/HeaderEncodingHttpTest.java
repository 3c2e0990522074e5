package org.spgate.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.check.Reason;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * Attribute values as header fields at a real backend: no value can start a header, control
 * characters are percent-encoded, UTF-8 stays UTF-8, multiple values are joined with {@code ;}; URL
 * encoding mode; large identities and the header budget.
 */
class HeaderEncodingHttpTest {

  static final String DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241";
  static final String CN = "urn:oid:2.5.4.3";
  static final String SN = "urn:oid:2.5.4.4";
  static final String GIVEN_NAME = "urn:oid:2.5.4.42";
  static final String DESCRIPTION = "urn:oid:2.5.4.13";
  static final String UNSCOPED_AFFILIATION = "urn:oid:1.3.6.1.4.1.5923.1.1.1.1";
  static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";
  static final String UNICODE = "Grâce Hopper-Ünal";

  @TempDir static Path dir;
  static TestSpGate sp;
  static TestSpGate url;
  static TestSpGate small;

  @BeforeAll
  static void start() throws Exception {
    sp = new TestSpGate(Files.createDirectory(dir.resolve("a")));
    url =
        new TestSpGate(
            Files.createDirectory(dir.resolve("b")),
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "headers: {encoding: url}\n");
    small =
        new TestSpGate(
            Files.createDirectory(dir.resolve("c")),
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "headers: {maxTotalSize: 8KiB}\n");
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
    url.backend.clear();
    small.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
    url.close();
    small.close();
  }

  private static RecordingBackend.Received loginAndFetch(
      TestSpGate gate, java.util.function.Consumer<ResponseSpec> tweak) throws Exception {
    String cookie = gate.login("/", tweak);
    assertThat(gate.get("/page", "Cookie", cookie).statusCode()).isEqualTo(200);
    return gate.backend.take();
  }

  private static String utf8(String latin1Octets) {
    return new String(latin1Octets.getBytes(ISO_8859_1), UTF_8);
  }

  private static String[] values(int count, int length) {
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      String head = "urn:mace:example.org:entitlement:group-" + i + ":";
      values[i] = head + "x".repeat(Math.max(0, length - head.length()));
    }
    return values;
  }

  @Test
  void headersWhenValuesCarryControlCharactersThenPercentEncodedAndNoExtraHeader()
      throws Exception {
    RecordingBackend.Received received =
        loginAndFetch(
            sp,
            s -> {
              s.attribute(DISPLAY_NAME, "Alice\r\nX-Admin: 1");
              s.attribute(CN, "line1\nX-Injected: yes");
              s.attribute(SN, "a\tb");
            });
    assertThat(received.all("X-Admin")).isEmpty();
    assertThat(received.all("X-Injected")).isEmpty();
    assertThat(received.all("displayName")).containsExactly("Alice%0D%0AX-Admin: 1");
    assertThat(received.all("cn")).containsExactly("line1%0AX-Injected: yes");
    assertThat(received.all("sn")).containsExactly("a%09b");
  }

  @Test
  void loginWhenValueCarriesNulThenRejectedAsMalformedXml() throws Exception {
    // XML 1.0 cannot carry NUL (the minter writes &#0;): no session, so no header at all. The
    // encoder's %00 for NUL is covered where values come from elsewhere (HeaderValueEncoder).
    StartedLogin login = sp.startLogin("/");
    ResponseSpec spec = sp.responseTo(login);
    spec.attribute(DISPLAY_NAME, "Alice\u0000X-Admin: 1");
    long before = sp.runtime.sessions().size();
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(400);
    assertThat(acs.body()).contains(Reason.MALFORMED_XML.code());
    assertThat(acs.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(sp.runtime.sessions().size()).isEqualTo(before);
  }

  @Test
  void headersWhenValuesAreUtf8MultiValuedOrCarrySemicolonThenSentAsShibbolethDoes()
      throws Exception {
    RecordingBackend.Received received =
        loginAndFetch(
            sp,
            s -> {
              s.attribute(GIVEN_NAME, UNICODE);
              s.attribute(DESCRIPTION, "a;b");
              s.attribute(UNSCOPED_AFFILIATION, "member", "staff");
            });
    assertThat(utf8(received.get("givenName"))).isEqualTo(UNICODE);
    assertThat(received.get("givenName"))
        .isEqualTo(new String(UNICODE.getBytes(UTF_8), ISO_8859_1));
    assertThat(received.all("description")).containsExactly("a\\;b");
    assertThat(received.all("unscoped-affiliation")).containsExactly("member;staff");
  }

  @Test
  void headersWhenEncodingIsUrlThenValuesPercentEncoded() throws Exception {
    RecordingBackend.Received received =
        loginAndFetch(
            url,
            s -> {
              s.attribute(GIVEN_NAME, UNICODE);
              s.attribute(DISPLAY_NAME, "Alice\r\nX-Admin: 1");
            });
    assertThat(received.all("givenName")).containsExactly("Gr%C3%A2ce%20Hopper-%C3%9Cnal");
    assertThat(received.all("displayName")).containsExactly("Alice%0D%0AX-Admin%3A%201");
    assertThat(received.all("eppn")).containsExactly("alice%40example.org");
    assertThat(received.all("X-Admin")).isEmpty();
  }

  @Test
  void headersWhenGroupHas200ValuesThenReachBackendIntact() throws Exception {
    String[] groups = values(200, 60);
    RecordingBackend.Received received = loginAndFetch(sp, s -> s.attribute(ENTITLEMENT, groups));
    assertThat(received.all("entitlement")).containsExactly(String.join(";", groups));
    assertThat(received.get("entitlement").length()).isGreaterThan(12_000);
  }

  @Test
  void headersWhenIdentityExceeds64KibThenReachBackendIntact() throws Exception {
    Map<String, String> byHeader =
        Map.of(
            ENTITLEMENT,
            "entitlement",
            "urn:oid:1.3.6.1.4.1.5923.1.5.1.1",
            "member",
            DESCRIPTION,
            "description",
            "urn:oid:1.3.6.1.4.1.5923.1.6.1.2",
            "eduCourseMember",
            "urn:oid:1.3.6.1.4.1.5923.1.6.1.1",
            "eduCourseOffering",
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.11",
            "assurance");
    Map<String, String[]> sent = new java.util.HashMap<>();
    byHeader.keySet().forEach(name -> sent.put(name, values(200, 60)));
    RecordingBackend.Received received = loginAndFetch(sp, s -> sent.forEach(s::attribute));
    int total = 0;
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : byHeader.entrySet()) {
      String value = received.get(e.getValue());
      if (!String.join(";", sent.get(e.getKey())).equals(value)) {
        missing.add(e.getValue());
      }
      total += value == null ? 0 : value.length();
    }
    assertThat(missing).isEmpty();
    assertThat(total).isGreaterThanOrEqualTo(64 * 1024);
  }

  @Test
  void loginWhenHeadersExceedBudgetThenRejectedWithIdentityTooLarge() throws Exception {
    StartedLogin login = small.startLogin("/");
    ResponseSpec spec = small.responseTo(login);
    spec.attribute(ENTITLEMENT, values(200, 60));
    long before = small.runtime.sessions().size();
    HttpResponse<String> acs = small.postAcs(small.idp.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(Reason.IDENTITY_TOO_LARGE.httpStatus());
    assertThat(acs.body()).contains("SPG-60").contains("Correlation id");
    assertThat(acs.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(small.runtime.sessions().size()).isEqualTo(before);
  }

  @Test
  void loginWhenHeadersWithinBudgetThenAccepted() throws Exception {
    RecordingBackend.Received received =
        loginAndFetch(small, s -> s.attribute(ENTITLEMENT, values(50, 60)));
    assertThat(received.get("entitlement")).hasSize(50 * 60 + 49);
  }
}
