package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * Client-sent identity, forwarding, hop-by-hop headers and spgate's cookie never reach the backend
 * (SECURITY.md P1-P3, P7, P8), on every protection mode.
 */
class SpoofingHttpTest {

  static final String ROUTES =
      "  - {path: /protected, backend: \"BACKEND\", auth: required}\n"
          + "  - {path: /opt, backend: \"BACKEND\", auth: optional}\n"
          + "  - {path: /, backend: \"BACKEND\", auth: none}";

  static final String[] SPOOFED = {
    "REMOTE_USER",
    "remote-user",
    "Remote_User",
    "Remote.User",
    "shib.identity-provider",
    "eppn",
    "EPPN",
    "Shib-Session-ID",
    "shib_identity_provider",
    "mail"
  };

  @TempDir static Path dir;
  static TestSpGate sp;
  static TestSpGate behindProxy;
  static String cookie;

  @BeforeAll
  static void start() throws Exception {
    sp = new TestSpGate(Files.createDirectory(dir.resolve("a")), ROUTES, "");
    behindProxy =
        new TestSpGate(
            Files.createDirectory(dir.resolve("b")),
            ROUTES,
            "proxy: {trustedProxies: [127.0.0.1]}\n");
    cookie = sp.login("/protected", s -> {});
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
    behindProxy.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
    behindProxy.close();
  }

  private static String[] spoofing(String cookieHeader) {
    List<String> headers = new ArrayList<>();
    for (String name : SPOOFED) {
      headers.add(name);
      headers.add("mallory");
    }
    if (cookieHeader != null) {
      headers.add("Cookie");
      headers.add(cookieHeader);
    }
    return headers.toArray(String[]::new);
  }

  private static void assertNoSpoofedValue(RecordingBackend.Received received) {
    for (String name : SPOOFED) {
      assertThat(received.all(name)).as(name).doesNotContain("mallory");
      assertThat(received.all(name.replace('_', '-'))).as(name).doesNotContain("mallory");
      assertThat(received.all(name.replace('-', '_'))).as(name).doesNotContain("mallory");
    }
    received
        .headers()
        .forEach((name, values) -> assertThat(values).as(name).doesNotContain("mallory"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/protected/x", "/opt/x", "/public/x"})
  void routeWhenNoSessionAndSpoofedHeadersThenNoneReachBackend(String path) throws Exception {
    int status = sp.get(path, spoofing(null)).statusCode();
    if (path.startsWith("/protected")) {
      assertThat(status).isEqualTo(302);
      assertThat(sp.backend.isEmpty()).isTrue();
      return;
    }
    assertThat(status).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertNoSpoofedValue(received);
    assertThat(received.all("eppn")).isEmpty();
    assertThat(received.all("Remote-User")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/protected/x", "/opt/x", "/public/x"})
  void routeWhenSessionAndSpoofedHeadersThenOnlyOursReachBackend(String path) throws Exception {
    assertThat(sp.get(path, spoofing(cookie)).statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertNoSpoofedValue(received);
    if (path.startsWith("/public")) {
      assertThat(received.all("eppn")).isEmpty();
      assertThat(received.all("Shib-Session-ID")).isEmpty();
      return;
    }
    assertThat(received.all("eppn")).containsExactly("alice@example.org");
    assertThat(received.all("mail")).containsExactly("alice@example.org");
    assertThat(received.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(received.all("Shib-Session-ID")).hasSize(1);
    assertThat(received.all("Shib-Identity-Provider"))
        .containsExactly(sp.idp.minter().idpEntityId());
    long remoteUserLike =
        received.headers().keySet().stream()
            .filter(n -> n.equalsIgnoreCase("remote-user") || n.equalsIgnoreCase("remote_user"))
            .count();
    assertThat(remoteUserLike).isEqualTo(1);
  }

  @Test
  void proxyWhenClientSendsForwardedHeadersThenDroppedAndOwnForwardedForSent() throws Exception {
    assertThat(
            sp.get(
                    "/public/x",
                    "X-Forwarded-For",
                    "6.6.6.6",
                    "X-Forwarded-Host",
                    "evil.test",
                    "X-Forwarded-Proto",
                    "https",
                    "Forwarded",
                    "for=6.6.6.6;host=evil.test",
                    "X_Forwarded_Host",
                    "evil.test")
                .statusCode())
        .isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(received.all("X-Forwarded-Host")).doesNotContain("evil.test");
    assertThat(received.all("X-Forwarded-Proto")).containsExactly("http");
    assertThat(received.all("Forwarded")).isEmpty();
    assertThat(received.all("X_Forwarded_Host")).isEmpty();
    assertThat(received.get("Host")).doesNotContain("evil.test");
  }

  @Test
  void proxyWhenClientSendsRoutingOrAddressHeadersThenDropped() throws Exception {
    assertThat(
            sp.get(
                    "/public/x",
                    "X-Original-URL",
                    "/protected/x",
                    "X-Rewrite-URL",
                    "/protected/x",
                    "X_Original_URI",
                    "/protected/x",
                    "X-Real-IP",
                    "6.6.6.6",
                    "True-Client-IP",
                    "6.6.6.6",
                    "X-Client-IP",
                    "6.6.6.6",
                    "X-Cluster-Client-IP",
                    "6.6.6.6",
                    "X-Request-Id",
                    "kept")
                .statusCode())
        .isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    for (String name :
        new String[] {
          "X-Original-URL",
          "X-Rewrite-URL",
          "X_Original_URI",
          "X-Original-URI",
          "X-Real-IP",
          "True-Client-IP",
          "X-Client-IP",
          "X-Cluster-Client-IP"
        }) {
      assertThat(received.all(name)).as(name).isEmpty();
    }
    assertThat(received.all("X-Request-Id")).containsExactly("kept");
  }

  @Test
  void proxyWhenPeerIsTrustedProxyThenForwardedForHonoured() throws Exception {
    assertThat(behindProxy.get("/public/x", "X-Forwarded-For", "203.0.113.7").statusCode())
        .isEqualTo(200);
    RecordingBackend.Received received = behindProxy.backend.take();
    assertThat(received.all("X-Forwarded-For")).containsExactly("203.0.113.7");
  }

  @Test
  void proxyWhenHopByHopAndConnectionNamedHeadersThenNotForwarded() throws Exception {
    TestSpGate.RawResponse response =
        sp.raw(
            "GET",
            "/public/x",
            "Connection: X-Foo",
            "X-Foo: secret",
            "X-Bar: kept",
            "Keep-Alive: timeout=5",
            "TE: trailers",
            "Proxy-Authorization: Basic Zm9vOmJhcg==",
            "Upgrade: websocket",
            "Trailer: X-Baz");
    assertThat(response.status()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("X-Foo")).isEmpty();
    assertThat(received.all("X-Bar")).containsExactly("kept");
    assertThat(received.all("Keep-Alive")).isEmpty();
    assertThat(received.all("TE")).isEmpty();
    assertThat(received.all("Proxy-Authorization")).isEmpty();
    assertThat(received.all("Upgrade")).isEmpty();
    assertThat(received.all("Trailer")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/protected/x", "/opt/x", "/public/x"})
  void proxyWhenCookiesThenOursStrippedOthersKept(String path) throws Exception {
    assertThat(sp.get(path, "Cookie", "a=1; " + cookie + "; b=2").statusCode()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    String cookieName = cookie.substring(0, cookie.indexOf('='));
    assertThat(String.join(";", received.all("Cookie")))
        .doesNotContain(cookieName)
        .contains("a=1")
        .contains("b=2");
  }
}
