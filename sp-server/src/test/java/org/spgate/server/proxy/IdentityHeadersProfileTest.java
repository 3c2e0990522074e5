package org.spgate.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.HeaderBudget;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.config.HeaderEncoding;
import org.spgate.core.config.HeaderOverflow;
import org.spgate.core.config.HeaderProfile;
import org.spgate.core.config.ProxyOverrides;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;

/**
 * What a route's header profile sends, and the names stripped from clients because some profile
 * sends them: every spelling, every prefix, whichever route the request is for.
 */
class IdentityHeadersProfileTest {

  static final String USER = "alice@example.org";

  static final HeaderProfile MINIMAL =
      new HeaderProfile(
          "minimal",
          List.of("mail", "cn"),
          Map.of("mail", "Email"),
          "X-User-",
          false,
          false,
          "headers.profiles.minimal",
          1,
          1);

  static final HeaderProfile ANONYMOUS =
      new HeaderProfile(
          "anonymous", List.of(), Map.of(), "", false, true, "headers.profiles.anonymous", 2, 2);

  /** Used by no route, without a prefix: only its one name can be stripped. */
  static final HeaderProfile RENAMED =
      new HeaderProfile(
          "renamed",
          List.of("cn"),
          Map.of("cn", "Full-Name"),
          "",
          true,
          true,
          "headers.profiles.renamed",
          3,
          3);

  static final HeaderConfig CONFIG =
      new HeaderConfig(
          "",
          "Remote-User",
          List.of("eppn"),
          HeaderEncoding.UTF8,
          1 << 20,
          true,
          1 << 20,
          HeaderOverflow.REFUSE,
          Map.of("minimal", MINIMAL, "anonymous", ANONYMOUS, "renamed", RENAMED));

  static final RouteConfig PROFILED = route("/profiled", MINIMAL, null);
  static final RouteConfig ANONYMOUS_ROUTE = route("/anonymous", ANONYMOUS, null);
  static final RouteConfig PLAIN = route("/plain", null, null);

  static final IdentityHeaders IDENTITY =
      new IdentityHeaders(
          CONFIG,
          Set.of("eppn", "mail", "cn"),
          "https://sp.example.org/Shibboleth.sso",
          3600,
          List.of(PROFILED, ANONYMOUS_ROUTE, PLAIN));

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

  private static final Session ALICE =
      session(Map.of("mail", List.of(USER), "cn", List.of("Alice")));

  private static Map<String, String> sent(RouteConfig route, Session session) throws OverBudget {
    HeaderMap headers = new HeaderMap();
    IDENTITY.add(headers, session, 0, route);
    Map<String, String> out = new LinkedHashMap<>();
    for (HeaderValues values : headers) {
      out.put(values.getHeaderName().toString(), values.getFirst());
    }
    return out;
  }

  @Test
  void addWhenRouteHasAProfileThenOnlyItsAttributesUnderItsNames() throws Exception {
    assertThat(sent(PROFILED, ALICE)).isEqualTo(Map.of("X-User-Email", USER, "X-User-cn", "Alice"));
  }

  @Test
  void addWhenRouteHasNoProfileThenEveryAttributeRemoteUserAndSessionHeaders() throws Exception {
    Map<String, String> sent = sent(PLAIN, ALICE);
    assertThat(sent)
        .containsEntry("eppn", USER)
        .containsEntry("mail", USER)
        .containsEntry("cn", "Alice")
        .containsEntry("Remote-User", USER)
        .containsKey("Shib-Session-ID");
    assertThat(sent.keySet()).noneMatch(name -> name.startsWith("X-User-"));
  }

  @Test
  void addWhenProfileListsNoAttributeThenOnlyTheSessionHeaders() throws Exception {
    Map<String, String> sent = sent(ANONYMOUS_ROUTE, ALICE);
    assertThat(sent).containsKey("Shib-Session-ID").doesNotContainKeys("eppn", "Remote-User");
    assertThat(sent.keySet()).allMatch(name -> name.startsWith("Shib-"));
  }

  @Test
  void addRemoteUserWhenProfileSendsNoneThenNothingElseTheUser() {
    HeaderMap profiled = new HeaderMap();
    IDENTITY.addRemoteUser(profiled, PROFILED, USER);
    assertThat(profiled.size()).isZero();
    HeaderMap plain = new HeaderMap();
    IDENTITY.addRemoteUser(plain, PLAIN, USER);
    assertThat(plain.getFirst("Remote-User")).isEqualTo(USER);
  }

  @Test
  void isSpoofableWhenClientSpellsAProfilesNameAnyWayThenRemoved() {
    for (String name :
        List.of("X-User-Email", "x_user_email", "X.USER.EMAIL", "X-User-cn", "X-User-Anything")) {
      assertThat(IDENTITY.isSpoofable(name)).as(name).isTrue();
    }
    // A profile without prefix, chosen by no route: its renamed header all the same.
    assertThat(IDENTITY.isSpoofable("full_name")).isTrue();
    assertThat(IDENTITY.isSpoofable("Full.Name")).isTrue();
    // Still every default name, whatever the profiles.
    assertThat(IDENTITY.isSpoofable("EPPN")).isTrue();
    assertThat(IDENTITY.isSpoofable("Remote_User")).isTrue();
  }

  @Test
  void isSpoofableWhenNameOnlyLooksLikeAPrefixThenKept() {
    assertThat(IDENTITY.isSpoofable("X-Username")).isFalse();
    assertThat(IDENTITY.isSpoofable("X-User")).isFalse();
    assertThat(IDENTITY.isSpoofable("Email")).isFalse();
    assertThat(IDENTITY.isSpoofable("Full-Name-Suffix")).isFalse();
  }

  @Test
  void checkPassableWhenOnlyAProfileRouteFitsThenTheLoginIsPassable() throws Exception {
    // 2 KiB of cn: over the plain route's 1 KiB budget, within the profile route's 4 KiB.
    Session big = session(Map.of("cn", List.of("A".repeat(2048))));
    HeaderBudget small = HeaderBudget.refusingOver(1024);
    IdentityHeaders onlyPlain =
        new IdentityHeaders(
            CONFIG,
            Set.of("eppn", "mail", "cn"),
            "https://sp.example.org/Shibboleth.sso",
            3600,
            List.of(route("/plain", null, small)));
    assertThatThrownBy(() -> onlyPlain.checkPassable(big)).isInstanceOf(OverBudget.class);
    IdentityHeaders withProfile =
        new IdentityHeaders(
            CONFIG,
            Set.of("eppn", "mail", "cn"),
            "https://sp.example.org/Shibboleth.sso",
            3600,
            List.of(
                route("/plain", null, small),
                route("/profiled", MINIMAL, HeaderBudget.refusingOver(4096))));
    withProfile.checkPassable(big);
  }

  private static RouteConfig route(
      String path, @Nullable HeaderProfile profile, @Nullable HeaderBudget budget) {
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
        false,
        profile);
  }
}
