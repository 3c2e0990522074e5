package org.spgate.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.util.HeaderMap;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.HeaderBudget;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.config.HeaderEncoding;
import org.spgate.core.config.HeaderOverflow;
import org.spgate.core.config.ProxyOverrides;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;

/**
 * The header budget's policies on both sides of each boundary. A header's size is its field line:
 * name, ": ", value, CRLF — {@code entitlement: v} is 15 bytes plus the value's octets. Session
 * headers are off so that the sizes are exact.
 */
class IdentityHeadersBudgetTest {

  static final int NAME = "entitlement".length() + 4;
  static final String USER = "alice@example.org";
  static final int USER_HEADER = "Remote-User".length() + 4 + USER.length();

  /** Remote-User and the eppn attribute it is taken from: sent before any other attribute. */
  static final int USER_HEADERS = USER_HEADER + "eppn".length() + 4 + USER.length();

  private static IdentityHeaders identity(HeaderEncoding encoding, List<RouteConfig> routes) {
    return new IdentityHeaders(
        new HeaderConfig("", "Remote-User", List.of("eppn"), encoding, 1 << 20, false),
        Set.of("eppn", "entitlement", "mail", "cn"),
        "https://sp.example.org/Shibboleth.sso",
        3600,
        routes);
  }

  private static final IdentityHeaders UTF8 = identity(HeaderEncoding.UTF8, List.of());

  private static Session session(Map<String, List<String>> attributes) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("eppn", List.of(USER));
    all.putAll(attributes);
    return new Session(
        "0123456789abcdef0123456789abcdef",
        "https://idp.example.org/idp/shibboleth",
        Protocol.SAML2,
        null,
        null,
        null,
        null,
        null,
        0,
        3600,
        SessionAttributes.of(all),
        null);
  }

  private static Session entitlement(String... values) {
    return session(Map.of("entitlement", List.of(values)));
  }

  /** A budget whose per-header limit is {@code maxHeader} and whose total leaves room for all. */
  private static HeaderBudget perHeader(int maxHeader, HeaderOverflow policy) {
    return new HeaderBudget(maxHeader, 1 << 20, policy);
  }

  private static HeaderMap add(Session session, HeaderBudget budget) throws OverBudget {
    HeaderMap headers = new HeaderMap();
    UTF8.add(headers, session, 0, budget);
    return headers;
  }

  @Test
  void addWhenHeaderIsExactlyMaxHeaderSizeThenSentWhole() throws Exception {
    String value = "x".repeat(100);
    HeaderMap headers = add(entitlement(value), perHeader(NAME + 100, HeaderOverflow.REFUSE));
    assertThat(headers.getFirst("entitlement")).isEqualTo(value);
    assertThat(headers.contains(IdentityHeaders.DROPPED)).isFalse();
  }

  @Test
  void addWhenHeaderIsOneByteOverMaxHeaderSizeThenRefusedNamingTheAttribute() {
    String value = "x".repeat(101);
    assertThatThrownBy(() -> add(entitlement(value), perHeader(NAME + 100, HeaderOverflow.REFUSE)))
        .isInstanceOfSatisfying(
            OverBudget.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.IDENTITY_HEADER_TOO_LARGE);
              assertThat(e.attribute()).isEqualTo("entitlement");
              assertThat(e.getMessage()).contains("116 bytes").doesNotContain("xxx");
            });
  }

  @Test
  void addWhenValueIsMultiByteUtf8ThenItsOctetsCountNotItsChars() throws Exception {
    // 50 characters, 100 octets of UTF-8: fits a 100-octet value exactly, not a 99-octet one.
    String value = "é".repeat(50);
    HeaderMap headers = add(entitlement(value), perHeader(NAME + 100, HeaderOverflow.REFUSE));
    assertThat(headers.getFirst("entitlement")).hasSize(100);
    assertThatThrownBy(() -> add(entitlement(value), perHeader(NAME + 99, HeaderOverflow.REFUSE)))
        .isInstanceOf(OverBudget.class);
  }

  @Test
  void addWhenDropAndHeaderOverLimitThenLeftOutAndAnnouncedOthersSent() throws Exception {
    Session session =
        session(
            Map.of(
                "entitlement", List.of("x".repeat(101)),
                "mail", List.of("alice@example.org")));
    HeaderMap headers = new HeaderMap();
    BudgetCuts cuts = UTF8.add(headers, session, 0, perHeader(NAME + 100, HeaderOverflow.DROP));
    assertThat(headers.contains("entitlement")).isFalse();
    assertThat(headers.getFirst("mail")).isEqualTo("alice@example.org");
    assertThat(headers.getFirst("Remote-User")).isEqualTo(USER);
    assertThat(headers.getFirst(IdentityHeaders.DROPPED)).isEqualTo("entitlement");
    assertThat(headers.contains(IdentityHeaders.TRUNCATED)).isFalse();
    assertThat(cuts.cuts())
        .containsExactly(
            new BudgetCuts.Cut("entitlement", Reason.IDENTITY_HEADER_TOO_LARGE, NAME + 101, false));
  }

  @Test
  void addWhenDropAndEverythingFitsThenNoAnnouncementAndNoCuts() throws Exception {
    HeaderMap headers = new HeaderMap();
    BudgetCuts cuts =
        UTF8.add(
            headers, entitlement("x".repeat(100)), 0, perHeader(NAME + 100, HeaderOverflow.DROP));
    assertThat(cuts.isEmpty()).isTrue();
    assertThat(cuts).isSameAs(BudgetCuts.NONE);
    assertThat(headers.contains(IdentityHeaders.DROPPED)).isFalse();
  }

  @Test
  void addWhenTruncateThenKeepsTheFirstValuesThatFitExactly() throws Exception {
    // Four values of 10 octets: the first three joined are 32 octets.
    String[] values = {"aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"};
    HeaderMap atLimit = new HeaderMap();
    BudgetCuts cuts =
        UTF8.add(atLimit, entitlement(values), 0, perHeader(NAME + 32, HeaderOverflow.TRUNCATE));
    assertThat(atLimit.getFirst("entitlement")).isEqualTo("aaaaaaaaaa;bbbbbbbbbb;cccccccccc");
    assertThat(atLimit.getFirst(IdentityHeaders.TRUNCATED)).isEqualTo("entitlement");
    assertThat(cuts.cuts().get(0).truncated()).isTrue();

    HeaderMap oneUnder = add(entitlement(values), perHeader(NAME + 31, HeaderOverflow.TRUNCATE));
    assertThat(oneUnder.getFirst("entitlement")).isEqualTo("aaaaaaaaaa;bbbbbbbbbb");
  }

  @Test
  void addWhenTruncateAndAllValuesFitThenSentWholeWithoutAnnouncement() throws Exception {
    HeaderMap headers =
        add(entitlement("aaaaaaaaaa", "bbbbbbbbbb"), perHeader(NAME + 21, HeaderOverflow.TRUNCATE));
    assertThat(headers.getFirst("entitlement")).isEqualTo("aaaaaaaaaa;bbbbbbbbbb");
    assertThat(headers.contains(IdentityHeaders.TRUNCATED)).isFalse();
  }

  @Test
  void addWhenTruncateAndFirstValueAloneIsTooLargeThenDropped() throws Exception {
    HeaderMap headers =
        add(entitlement("x".repeat(50), "y"), perHeader(NAME + 49, HeaderOverflow.TRUNCATE));
    assertThat(headers.contains("entitlement")).isFalse();
    assertThat(headers.getFirst(IdentityHeaders.DROPPED)).isEqualTo("entitlement");
    assertThat(headers.contains(IdentityHeaders.TRUNCATED)).isFalse();
  }

  @Test
  void addWhenTruncateMultiByteValuesThenCutAtAValueBoundaryNeverInsideACharacter()
      throws Exception {
    // "éééééééé" is 16 octets: two values and a ';' are 33 octets, three 50.
    String e8 = "é".repeat(8);
    HeaderMap headers = add(entitlement(e8, e8, e8), perHeader(NAME + 49, HeaderOverflow.TRUNCATE));
    String octets = headers.getFirst("entitlement");
    assertThat(
            new String(
                octets.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(e8 + ";" + e8);
  }

  @Test
  void addWhenUrlEncodingTruncatesThenTheEncodedSeparatorCounts() throws Exception {
    // URL encoding: ';' becomes %3B, so two 10-octet values take 23 octets.
    IdentityHeaders url = identity(HeaderEncoding.URL, List.of());
    HeaderMap fits = new HeaderMap();
    url.add(
        fits,
        entitlement("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"),
        0,
        perHeader(NAME + 23, HeaderOverflow.TRUNCATE));
    assertThat(fits.getFirst("entitlement")).isEqualTo("aaaaaaaaaa%3Bbbbbbbbbbb");
    HeaderMap under = new HeaderMap();
    url.add(
        under,
        entitlement("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"),
        0,
        perHeader(NAME + 22, HeaderOverflow.TRUNCATE));
    assertThat(under.getFirst("entitlement")).isEqualTo("aaaaaaaaaa");
  }

  @Test
  void addWhenTotalIsExactlyMetThenSentAndOneByteLessRefusesTheAttributeThatNoLongerFits()
      throws Exception {
    Map<String, List<String>> two = new LinkedHashMap<>();
    two.put("entitlement", List.of("x".repeat(100)));
    two.put("mail", List.of("m".repeat(50)));
    int total = USER_HEADERS + NAME + 100 + "mail".length() + 4 + 50;
    HeaderMap headers = add(session(two), new HeaderBudget(1000, total, HeaderOverflow.REFUSE));
    assertThat(headers.getFirst("mail")).hasSize(50);
    assertThatThrownBy(
            () -> add(session(two), new HeaderBudget(1000, total - 1, HeaderOverflow.REFUSE)))
        .isInstanceOfSatisfying(
            OverBudget.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.IDENTITY_HEADERS_OVER_BUDGET);
              assertThat(e.attribute()).isEqualTo("mail");
            });
  }

  @Test
  void addWhenBudgetHasNoPerHeaderLimitOfItsOwnThenAHugeHeaderIsOverTheTotal() {
    HeaderBudget totalOnly = HeaderBudget.refusingOver(1000);
    assertThatThrownBy(() -> add(entitlement("x".repeat(2000)), totalOnly))
        .isInstanceOfSatisfying(
            OverBudget.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.IDENTITY_HEADERS_OVER_BUDGET));
  }

  @Test
  void addWhenDropOnTotalThenLaterAttributesThatFitAreStillSent() throws Exception {
    Map<String, List<String>> three = new LinkedHashMap<>();
    three.put("entitlement", List.of("x".repeat(100)));
    three.put("mail", List.of("m".repeat(200)));
    three.put("cn", List.of("Alice"));
    int total = USER_HEADERS + NAME + 100 + "cn".length() + 4 + 5 + 10;
    HeaderMap headers = add(session(three), new HeaderBudget(1000, total, HeaderOverflow.DROP));
    assertThat(headers.getFirst("entitlement")).hasSize(100);
    assertThat(headers.contains("mail")).isFalse();
    assertThat(headers.getFirst("cn")).isEqualTo("Alice");
    assertThat(headers.getFirst(IdentityHeaders.DROPPED)).isEqualTo("mail");
  }

  @Test
  void addWhenRemoteUserIsOverMaxHeaderSizeThenRefusedWhateverThePolicy() throws Exception {
    Session session = entitlement("x");
    assertThat(add(session, perHeader(USER_HEADER, HeaderOverflow.DROP)).getFirst("Remote-User"))
        .isEqualTo(USER);
    for (HeaderOverflow policy : HeaderOverflow.values()) {
      assertThatThrownBy(() -> add(session, perHeader(USER_HEADER - 1, policy)))
          .isInstanceOfSatisfying(
              OverBudget.class, e -> assertThat(e.attribute()).isEqualTo("eppn"));
    }
  }

  @Test
  void checkPassableWhenSomeRouteDropsThenPassesAndWhenAllRefuseThenThrows() {
    Session big = entitlement("x".repeat(200));
    RouteConfig small = route("/a", new HeaderBudget(100, 1000, HeaderOverflow.REFUSE));
    RouteConfig dropping = route("/b", new HeaderBudget(100, 1000, HeaderOverflow.DROP));
    RouteConfig large = route("/c", new HeaderBudget(1000, 1000, HeaderOverflow.REFUSE));
    assertThatThrownBy(() -> identity(HeaderEncoding.UTF8, List.of(small)).checkPassable(big))
        .isInstanceOf(OverBudget.class);
    org.assertj.core.api.Assertions.assertThatCode(
            () -> identity(HeaderEncoding.UTF8, List.of(small, dropping)).checkPassable(big))
        .doesNotThrowAnyException();
    org.assertj.core.api.Assertions.assertThatCode(
            () -> identity(HeaderEncoding.UTF8, List.of(small, large)).checkPassable(big))
        .doesNotThrowAnyException();
  }

  @Test
  void isSpoofableWhenClientSendsTheAnnouncementHeadersThenTheyAreRemoved() {
    assertThat(UTF8.isSpoofable("Spgate-Dropped-Attributes")).isTrue();
    assertThat(UTF8.isSpoofable("spgate_truncated_attributes")).isTrue();
    assertThat(UTF8.isSpoofable("Spgate-Something-Else")).isFalse();
  }

  private static RouteConfig route(String path, HeaderBudget budget) {
    return new RouteConfig(
        path,
        URI.create("http://127.0.0.1:1"),
        AuthMode.REQUIRED,
        null,
        false,
        null,
        null,
        new ArrayList<>(),
        AuthMode.NONE,
        List.of(),
        ProxyOverrides.NONE,
        budget,
        false);
  }
}
