package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.core.config.ConfigException;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * A route's header profile ({@code headers.profiles}, {@code headers: {profile}}) against a backend
 * that records what it receives: the profile's headers only, under their new names; a route without
 * a profile unchanged; every spelling of every profile's names stripped from clients on every
 * route; the budget counted on what is sent; forward-auth answering with the route's profile.
 */
class HeaderProfileHttpTest {

  static final String DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241";

  static final String ROUTES =
      String.join(
          "\n",
          "  - {path: /profiled, backend: \"BACKEND\", auth: required, headers: {profile: minimal}}",
          "  - path: /budgeted",
          "    backend: \"BACKEND\"",
          "    headers: {profile: minimal, maxTotalSize: 1KiB, onOverflow: drop}",
          "  - path: /headerbudget",
          "    backend: \"BACKEND\"",
          "    headers: {profile: minimal, maxHeaderSize: 1KiB, onOverflow: drop}",
          "  - {path: /plainbudget, backend: \"BACKEND\", headers: {maxTotalSize: 1KiB, onOverflow:"
              + " drop}}",
          "  - {path: /plain, backend: \"BACKEND\", auth: required}",
          "  - {path: /, backend: \"BACKEND\", auth: none}");

  static final String PROFILES =
      String.join(
          "\n",
          "headers:",
          "  profiles:",
          "    minimal:",
          "      attributes: [mail, displayName]",
          "      prefix: X-User-",
          "      names: {mail: Email}",
          "      sessionHeaders: false",
          // Declared, used by no route: its names are stripped all the same.
          "    unused: {attributes: [eppn], prefix: X-Unused-, names: {eppn: Principal}}",
          "    unprefixed: {attributes: [cn], prefix: '', names: {cn: Full-Name}}",
          // Forward-auth asks come from a trusted proxy (the test itself).
          "proxy: {trustedProxies: [127.0.0.1]}",
          "");

  /** Client-sent spellings of the profiles' names, and names under their prefixes. */
  static final String[] SPOOFED = {
    "X-User-Email",
    "x_user_email",
    "X.USER.EMAIL",
    "X-User-displayName",
    "X-User-Something-Else",
    "X_Unused_Principal",
    "x-unused-anything",
    "full_name",
    "Remote_User",
    "eppn"
  };

  @TempDir static Path dir;
  static TestSpGate sp;
  static String cookie;

  @BeforeAll
  static void start() throws Exception {
    sp = new TestSpGate(Files.createDirectory(dir.resolve("sp")), ROUTES, PROFILES);
    cookie = sp.login("/plain", s -> s.attribute(DISPLAY_NAME, "Alice Example"));
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  /** The lower-case names the backend received that spgate could have sent as identity. */
  private static Set<String> identityNames(RecordingBackend.Received received) {
    return received.headers().keySet().stream()
        .map(n -> n.toLowerCase(Locale.ROOT))
        .filter(
            n ->
                n.startsWith("x-user-")
                    || n.startsWith("x-unused-")
                    || n.startsWith("shib-")
                    || n.startsWith("spgate-")
                    || n.equals("full-name")
                    || Set.of("remote-user", "eppn", "mail", "displayname").contains(n))
        .collect(Collectors.toSet());
  }

  @Test
  void profileRouteWhenSessionThenBackendGetsExactlyTheListedAttributesUnderTheNewNames()
      throws Exception {
    assertThat(sp.get("/profiled/x", "Cookie", cookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();

    assertThat(identityNames(received))
        .containsExactlyInAnyOrder("x-user-email", "x-user-displayname", "remote-user");
    assertThat(received.all("X-User-Email")).containsExactly("alice@example.org");
    assertThat(received.all("X-User-displayName")).containsExactly("Alice Example");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
  }

  @Test
  void routeWithoutProfileWhenSessionThenBackendGetsEveryAttributeAsBefore() throws Exception {
    // The control: same session, a route without a profile sends what mod_shib would.
    assertThat(sp.get("/plain/x", "Cookie", cookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();

    assertThat(received.all("eppn")).containsExactly("alice@example.org");
    assertThat(received.all("mail")).containsExactly("alice@example.org");
    assertThat(received.all("displayName")).containsExactly("Alice Example");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(received.all("Shib-Session-ID")).hasSize(1);
    assertThat(received.all("Shib-Identity-Provider"))
        .containsExactly(sp.idp.minter().idpEntityId());
    assertThat(identityNames(received)).noneMatch(n -> n.startsWith("x-user-"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/profiled/x", "/plain/x", "/public/x"})
  void anyRouteWhenClientSendsProfileHeadersThenNoneReachesTheBackend(String path)
      throws Exception {
    List<String> headers = new java.util.ArrayList<>();
    for (String name : SPOOFED) {
      headers.add(name);
      headers.add("mallory");
    }
    headers.add("Cookie");
    headers.add(cookie);

    assertThat(sp.get(path, headers.toArray(String[]::new)).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();

    received
        .headers()
        .forEach((name, values) -> assertThat(values).as(name).doesNotContain("mallory"));
    if (path.startsWith("/profiled")) {
      assertThat(received.all("X-User-Email")).containsExactly("alice@example.org");
    } else {
      // X-User-Email is sent by no route but /profiled: removed here all the same.
      assertThat(received.all("X-User-Email")).isEmpty();
      assertThat(received.all("x_user_email")).isEmpty();
    }
  }

  @Test
  void anyRouteWhenClientSendsANameOutsideEveryPrefixThenItReachesTheBackend() throws Exception {
    // The control of the stripping: a header that only looks like a prefix is the client's own.
    assertThat(sp.get("/public/x", "X-Username", "bob", "X-Users-Group", "staff").statusCode())
        .isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("X-Username")).containsExactly("bob");
    assertThat(received.all("X-Users-Group")).containsExactly("staff");
  }

  @Test
  void budgetedProfileRouteWhenOnlyTheProfilesHeadersFitThenAllOfThemAreSent() throws Exception {
    // 800 octets of displayName: with Remote-User and X-User-Email under 1 KiB; with every
    // attribute and the Shib-* session headers (the route without a profile) over it.
    String name = "A".repeat(800);
    String session = sp.login("/plain", s -> s.attribute(DISPLAY_NAME, name));

    assertThat(sp.get("/budgeted/x", "Cookie", session).statusCode()).isEqualTo(200);
    RecordingBackend.Received profiled = sp.backend.take();
    assertThat(profiled.all("X-User-displayName")).containsExactly(name);
    assertThat(profiled.all("Spgate-Dropped-Attributes")).isEmpty();

    assertThat(sp.get("/plainbudget/x", "Cookie", session).statusCode()).isEqualTo(200);
    RecordingBackend.Received plain = sp.backend.take();
    assertThat(plain.all("displayName")).isEmpty();
    assertThat(plain.all("Spgate-Dropped-Attributes")).containsExactly("displayName");
  }

  @Test
  void budgetedProfileRouteWhenThePrefixedNameTipsAHeaderOverThenTheAttributeIsDropped()
      throws Exception {
    // X-User-displayName with 1005 octets is a field line of 18 + 2 + 1005 + 2 = 1027 > 1024
    // octets; under its id, displayName, it would be 1020 and fit: the prefix is counted.
    String name = "A".repeat(1005);
    String session = sp.login("/plain", s -> s.attribute(DISPLAY_NAME, name));

    assertThat(sp.get("/headerbudget/x", "Cookie", session).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();

    assertThat(received.all("X-User-displayName")).isEmpty();
    assertThat(received.all("Spgate-Dropped-Attributes")).containsExactly("displayName");
    assertThat(received.all("X-User-Email")).containsExactly("alice@example.org");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
  }

  @Test
  void forwardAuthWhenRouteHasAProfileThenTheVerdictCarriesTheProfilesHeaders() throws Exception {
    HttpResponse<String> verdict =
        sp.get("/Shibboleth.sso/auth", "Cookie", cookie, "X-Original-URI", "/profiled/x");

    assertThat(verdict.statusCode()).isEqualTo(200);
    assertThat(verdict.headers().firstValue("X-User-Email")).contains("alice@example.org");
    assertThat(verdict.headers().firstValue("X-User-displayName")).contains("Alice Example");
    assertThat(verdict.headers().firstValue("Remote-User")).contains("alice@example.org");
    assertThat(verdict.headers().firstValue("eppn")).isEmpty();
    assertThat(verdict.headers().firstValue("mail")).isEmpty();
    assertThat(verdict.headers().firstValue("Shib-Session-ID")).isEmpty();
  }

  @Test
  void forwardAuthWhenRouteHasNoProfileThenTheVerdictCarriesEveryAttribute() throws Exception {
    HttpResponse<String> verdict =
        sp.get("/Shibboleth.sso/auth", "Cookie", cookie, "X-Original-URI", "/plain/x");

    assertThat(verdict.statusCode()).isEqualTo(200);
    assertThat(verdict.headers().firstValue("eppn")).contains("alice@example.org");
    assertThat(verdict.headers().firstValue("mail")).contains("alice@example.org");
    assertThat(verdict.headers().firstValue("Shib-Session-ID")).isPresent();
    assertThat(verdict.headers().firstValue("X-User-Email")).isEmpty();
  }

  @Test
  void reloadWhenProfileChangesThenAppliedAndAnUnknownAttributeKeepsTheRunningProfile()
      throws Exception {
    try (TestSpGate own =
        new TestSpGate(
            Files.createDirectory(dir.resolve("reload")),
            "  - {path: /, backend: \"BACKEND\", headers: {profile: p}}",
            "headers:\n  profiles:\n    p: {attributes: [mail], prefix: X-User-}\n")) {
      String session = own.login("/", s -> s.attribute(DISPLAY_NAME, "Alice Example"));
      own.editConfig(yaml -> yaml.replace("attributes: [mail]", "attributes: [mail, displayName]"));
      assertThat(own.server().reload().reload())
          .isEqualTo(org.spgate.server.reload.ConfigReload.Outcome.APPLIED);
      assertThat(own.get("/x", "Cookie", session).statusCode()).isEqualTo(200);
      assertThat(own.backend.take().all("X-User-displayName")).containsExactly("Alice Example");

      own.editConfig(yaml -> yaml.replace("displayName]", "surname]"));
      assertThat(own.server().reload().reload())
          .isEqualTo(org.spgate.server.reload.ConfigReload.Outcome.REFUSED);
      assertThat(own.get("/x", "Cookie", session).statusCode()).isEqualTo(200);
      assertThat(own.backend.take().all("X-User-displayName")).containsExactly("Alice Example");
    }
  }

  @Test
  void startWhenProfileListsAnAttributeTheMapLacksThenRefusedWithTheLineAndTheKnownIds()
      throws Exception {
    String profiles = "headers:\n  profiles:\n    minimal: {attributes: [mail, surname]}\n";

    assertThatThrownBy(
            () ->
                new TestSpGate(
                    Files.createDirectory(dir.resolve("unknown")),
                    "  - {path: /, backend: \"BACKEND\", headers: {profile: minimal}}",
                    profiles))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spgate.yaml:")
        .hasMessageContaining("headers.profiles.minimal.attributes")
        .hasMessageContaining("got surname")
        .hasMessageContaining("displayName")
        .hasMessageContaining("eppn");
  }
}
