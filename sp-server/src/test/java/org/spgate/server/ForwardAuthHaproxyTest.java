package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;
import org.spgate.server.testing.HaproxyProcess;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * A real HAProxy (Debian's 2.6) in front of a real backend, asking a real spgate ({@code
 * {handlerPath}/auth?login=redirect}) through {@code examples/forward-auth/spgate-auth.lua}, which
 * uses only HAProxy's own Lua httpclient, with the configuration in {@code
 * examples/forward-auth/haproxy.cfg}: a browser without a session is sent to spgate's Login and
 * comes back to the original URL, signed-in users pass with spgate's identity headers, access rules
 * refuse with 403, an API client gets 401, and client-sent identity headers never reach the
 * backend. Each refusal sits beside an accepted control.
 */
class ForwardAuthHaproxyTest {

  private static final String ROUTES =
      String.join(
          "\n",
          "  - {path: /app, backend: \"BACKEND\", auth: required}",
          "  - {path: /admin, backend: \"BACKEND\", auth: required, access: admins}",
          "  - {path: /open, backend: \"BACKEND\", auth: none}");
  private static final String EXTRA =
      "proxy: {trustedProxies: [127.0.0.1]}\n"
          + "access: {rules: {admins: {attribute: entitlement, values: [\"urn:example:admin\"]}}}\n";
  private static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  @TempDir static Path dir;
  private static TestSpGate sp;
  private static RecordingBackend app;
  private static HaproxyProcess haproxy;

  @BeforeAll
  static void start() throws Exception {
    int port = TestSpGate.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    // Held while spgate picks its own port, so that it cannot pick HAProxy's.
    try (java.net.ServerSocket held =
        new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      sp =
          new TestSpGate(
              Files.createDirectories(dir.resolve("sp")),
              ROUTES,
              EXTRA,
              new TestIdp(MutableClock.atSystemTime()),
              publicUrl);
    }
    app = new RecordingBackend();
    Path examples =
        Path.of(System.getProperty("user.dir")).getParent().resolve("examples/forward-auth");
    String conf =
        Files.readString(examples.resolve("haproxy.cfg"))
            .replace("/etc/haproxy/spgate-auth.lua", examples.resolve("spgate-auth.lua").toString())
            .replace("127.0.0.1:8080", "127.0.0.1:" + sp.port())
            .replace("127.0.0.1:5000", app.url().substring("http://".length()))
            .replace("bind :80", "bind 127.0.0.1:" + port);
    haproxy = HaproxyProcess.startConfig(dir.resolve("haproxy"), port, conf);
  }

  @AfterAll
  static void stop() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
    if (app != null) {
      app.close();
    }
    if (sp != null) {
      sp.close();
    }
  }

  @BeforeEach
  void forget() {
    app.clear();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + haproxy.port + path;
  }

  private static HttpResponse<String> viaHaproxy(String path, String... headers) throws Exception {
    return get(url(path), headers);
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return sp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A real login (minted Response, posted to the ACS) starting at HAProxy's redirect. */
  private static String login(String path, String... entitlements) throws Exception {
    HttpResponse<String> denied = viaHaproxy(path, "Accept", "text/html");
    assertThat(denied.statusCode()).as(haproxy.log()).isEqualTo(302);
    HttpResponse<String> start = get(denied.headers().firstValue("Location").orElseThrow());
    StartedLogin login =
        TestSpGate.parseLoginRedirect(start.headers().firstValue("Location").orElseThrow());
    var spec = sp.responseTo(login);
    if (entitlements.length > 0) {
      spec.attribute(ENTITLEMENT, entitlements);
    }
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    return TestSpGate.cookieOf(acs);
  }

  @Test
  void noSessionThenHaproxySendsToLoginAndTheLoginReturnsToTheOriginalUrl() throws Exception {
    HttpResponse<String> first = viaHaproxy("/app/page?a=1&b=x%26y", "Accept", "text/html");
    assertThat(first.statusCode()).as(haproxy.log()).isEqualTo(302);
    String location = first.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith(url("/Shibboleth.sso/Login?target="))
        .endsWith(
            java.net.URLEncoder.encode(
                url("/app/page?a=1&b=x%26y"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(app.isEmpty()).isTrue();

    HttpResponse<String> start = get(location);
    assertThat(start.statusCode()).isEqualTo(302);
    StartedLogin login =
        TestSpGate.parseLoginRedirect(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(sp.responseTo(login)), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location")).hasValue(url("/app/page?a=1&b=x%26y"));

    HttpResponse<String> back =
        get(acs.headers().firstValue("Location").orElseThrow(), "Cookie", TestSpGate.cookieOf(acs));
    assertThat(back.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = app.take();
    assertThat(received.uri()).isEqualTo("/app/page?a=1&b=x%26y");
    assertThat(received.get("Remote-User")).isEqualTo("alice@example.org");
    assertThat(received.get("Shib-Identity-Provider")).isEqualTo(TestIdp.ENTITY_ID);
  }

  @Test
  void apiClientWithoutSessionThen401AndOpenRouteThenPasses() throws Exception {
    assertThat(viaHaproxy("/app/x", "Accept", "application/json").statusCode()).isEqualTo(401);
    assertThat(app.isEmpty()).isTrue();
    assertThat(viaHaproxy("/open/x", "Accept", "application/json").statusCode()).isEqualTo(200);
    assertThat(app.take().all("Remote-User")).isEmpty();
  }

  @Test
  void accessRuleRefusesUserThen403AndAUserMeetingItPasses() throws Exception {
    String alice = login("/app/a");
    assertThat(viaHaproxy("/admin/x", "Cookie", alice).statusCode()).isEqualTo(403);
    assertThat(app.isEmpty()).isTrue();

    String admin = login("/app/b", "urn:example:admin");
    assertThat(viaHaproxy("/admin/x", "Cookie", admin).statusCode()).isEqualTo(200);
    assertThat(app.take().get("entitlement")).isEqualTo("urn:example:admin");
  }

  @Test
  void spoofedIdentityHeadersFromTheClientNeverReachTheBackend() throws Exception {
    String[] spoofed = {
      "Remote-User", "mallory",
      "eppn", "mallory@evil.test",
      "entitlement", "urn:example:admin",
      "Shib-Identity-Provider", "https://evil.test/idp",
      "remote_user", "mallory",
      "X-Original-URI", "/open/x"
    };
    String alice = login("/app/c");
    String[] withCookie = new String[spoofed.length + 2];
    System.arraycopy(spoofed, 0, withCookie, 0, spoofed.length);
    withCookie[spoofed.length] = "Cookie";
    withCookie[spoofed.length + 1] = alice;
    assertThat(viaHaproxy("/app/x", withCookie).statusCode()).isEqualTo(200);
    RecordingBackend.Received signedIn = app.take();
    assertThat(signedIn.all("Remote-User")).containsExactly("alice@example.org");
    assertThat(signedIn.all("eppn")).containsExactly("alice@example.org");
    assertThat(signedIn.all("Shib-Identity-Provider")).containsExactly(TestIdp.ENTITY_ID);
    assertThat(signedIn.all("entitlement")).isEmpty();
    assertThat(signedIn.all("remote_user")).isEmpty();

    // Anonymous on an open route: nothing of the client's claims arrives either.
    assertThat(viaHaproxy("/open/x", spoofed).statusCode()).isEqualTo(200);
    RecordingBackend.Received anonymous = app.take();
    assertThat(anonymous.all("Remote-User")).isEmpty();
    assertThat(anonymous.all("eppn")).isEmpty();
    assertThat(anonymous.all("Shib-Identity-Provider")).isEmpty();

    // A client-sent X-Original-URI naming an open route does not open a refused one.
    assertThat(viaHaproxy("/admin/x", "Cookie", alice, "X-Original-URI", "/open/x").statusCode())
        .isEqualTo(403);
  }
}
