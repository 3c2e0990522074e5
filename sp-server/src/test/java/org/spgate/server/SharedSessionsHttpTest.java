package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.spgate.core.testing.RedisServer;
import org.spgate.devidp.LogoutMinter;
import org.spgate.server.testing.TestSpGate;

/**
 * Two spgate nodes on one real redis-server: a session made on one node works on the other, ends
 * everywhere at logout, survives a node's restart; while Redis is away a request with a session
 * cookie is refused with 503, never served, and sessions work again once Redis is back.
 */
class SharedSessionsHttpTest {

  private static final String ROUTES = "  - {path: /, backend: \"BACKEND\", auth: required}";

  @TempDir Path dir;
  private RedisServer redis;
  private TestSpGate a;
  private TestSpGate b;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    a = node("a");
    b = sharedNode("b");
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    redis.close();
  }

  private TestSpGate node(String name) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(name + System.nanoTime()));
    return new TestSpGate(nodeDir, ROUTES, redisYaml());
  }

  /** A node behind the same public URL as {@code a}, trusting the same IdP. */
  private TestSpGate sharedNode(String name) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(name + System.nanoTime()));
    return new TestSpGate(nodeDir, ROUTES, redisYaml(), a.idp, a.url(""));
  }

  private String redisYaml() {
    return "sessions: {store: \""
        + redis.uri()
        + "\", redis: {timeout: 300ms, keyPrefix: \"it:\"}}\n";
  }

  @Test
  void loginStartedOnNodeAWhenCompletedOnNodeBThenSessionWorksOnBoth() throws Exception {
    TestSpGate.StartedLogin login = a.startLogin("/app/page");

    HttpResponse<String> acs = b.postAcs(a.idp.mint(a.responseTo(login)), login.relayState());

    assertThat(acs.statusCode()).isEqualTo(303);
    assertThat(acs.headers().firstValue("Location").orElseThrow()).endsWith("/app/page");
    String cookie = TestSpGate.cookieOf(acs);
    assertThat(a.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(b.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
  }

  @Test
  void assertionConsumedOnNodeAWhenReplayedOnNodeBThenRefused() throws Exception {
    TestSpGate.StartedLogin first = a.startLogin("/");
    var consumed = a.responseTo(first);
    assertThat(a.postAcs(a.idp.mint(consumed), first.relayState()).statusCode()).isEqualTo(303);

    // The same assertion ID again, in answer to a login B did start: only the shared replay
    // cache can tell. The control is the same with a fresh assertion ID.
    TestSpGate.StartedLogin second = b.startLogin("/");
    var replay = a.responseTo(second);
    replay.assertionId = consumed.assertionId;
    HttpResponse<String> replayed = b.postAcs(a.idp.mint(replay), second.relayState());
    TestSpGate.StartedLogin third = b.startLogin("/");
    HttpResponse<String> fresh = b.postAcs(a.idp.mint(a.responseTo(third)), third.relayState());

    assertThat(replayed.statusCode()).isEqualTo(403);
    assertThat(replayed.body()).contains("SPG-28");
    assertThat(fresh.statusCode()).as("a fresh assertion on B").isEqualTo(303);
  }

  @Test
  void cookieFromNodeAWhenUsedOnNodeBThenServedWhileUnknownCookieIsNot() throws Exception {
    String cookie = a.login("/", spec -> {});

    HttpResponse<String> onB = b.get("/app", "Cookie", cookie);
    HttpResponse<String> forged =
        b.get("/app", "Cookie", cookie.substring(0, cookie.indexOf('=') + 1) + "0".repeat(32));

    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(b.backend.take().get("eppn")).isEqualTo("alice@example.org");
    assertThat(forged.statusCode()).as("a cookie no node issued").isEqualTo(302);
  }

  @Test
  void idpLogoutRequestOnNodeBThenSessionsMadeOnBothNodesEndEverywhereAndItsReplayOnAIsRefused()
      throws Exception {
    String alice = "alice-" + System.nanoTime();
    String onA = a.login("/", spec -> spec.nameId = alice);
    String onB = b.login("/", spec -> spec.nameId = alice);
    String bob = a.login("/", spec -> spec.nameId = "bob-" + System.nanoTime());
    String url =
        new LogoutMinter(a.idp.entityId(), a.idp.key(), a.clock)
            .requestRedirect(
                b.runtime.sloUrl("Redirect"),
                "_idp-lr-shared",
                new LogoutSubject(alice, null, null, null, null));
    String target = "/Shibboleth.sso/SLO/Redirect" + url.substring(url.indexOf('?'));

    assertThat(b.get(target).statusCode()).isEqualTo(302);

    for (TestSpGate node : List.of(a, b)) {
      assertThat(node.get("/app", "Cookie", onA).statusCode()).isEqualTo(302);
      assertThat(node.get("/app", "Cookie", onB).statusCode()).isEqualTo(302);
      assertThat(node.get("/app", "Cookie", bob).statusCode()).as("another user").isEqualTo(200);
    }
    HttpResponse<String> replayed = a.get(target);
    assertThat(replayed.statusCode()).isEqualTo(403);
    assertThat(replayed.body()).contains("SPG-28");
  }

  @Test
  void logoutOnNodeBThenNodeARefusesTheCookie() throws Exception {
    String cookie = a.login("/", spec -> {});
    assertThat(a.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);

    // The test IdP lists an SLO endpoint, so the browser goes on to it (302).
    assertThat(b.get("/Shibboleth.sso/Logout", "Cookie", cookie).statusCode()).isEqualTo(302);

    assertThat(a.get("/app", "Cookie", cookie).statusCode()).isEqualTo(302);
  }

  @Test
  void spLogoutStartedOnNodeAWhenLogoutResponseArrivesOnNodeBThenAcceptedOnceAcrossNodes()
      throws Exception {
    String cookie = a.login("/", spec -> {});
    HttpResponse<String> started = a.get("/Shibboleth.sso/Logout?return=/bye", "Cookie", cookie);
    assertThat(started.statusCode()).isEqualTo(302);
    String location = started.headers().firstValue("Location").orElseThrow();
    RedirectQuery query = RedirectQuery.parse(location.substring(location.indexOf('?') + 1));
    String xml =
        new String(
            RedirectBinding.decodeMessage(query, RedirectBinding.REQUEST, 1 << 16),
            StandardCharsets.UTF_8);
    Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(xml);
    assertThat(id.find()).isTrue();
    LogoutMinter idp = new LogoutMinter(a.idp.entityId(), a.idp.key(), a.clock);
    String url = idp.successRedirect(b.runtime.sloUrl("Redirect"), "_lr-shared", id.group(1));
    String target = "/Shibboleth.sso/SLO/Redirect" + url.substring(url.indexOf('?'));

    assertThat(b.get("/app", "Cookie", cookie).statusCode()).as("ended on B too").isEqualTo(302);
    HttpResponse<String> onB = b.get(target);
    assertThat(onB.statusCode()).isEqualTo(302);
    assertThat(onB.headers().firstValue("Location")).hasValue(a.url("/bye"));

    // Another answer to the same logout, delivered to node A: the logout was consumed on B.
    String again = idp.successRedirect(a.runtime.sloUrl("Redirect"), "_lr-shared-2", id.group(1));
    HttpResponse<String> onA =
        a.get("/Shibboleth.sso/SLO/Redirect" + again.substring(again.indexOf('?')));
    assertThat(onA.statusCode()).isEqualTo(403);
    assertThat(onA.body()).contains("SPG-90");
  }

  @Test
  void nodeRestartedThenItsUsersKeepTheirSessions() throws Exception {
    String cookie = b.login("/", spec -> {});
    b.close();
    b = null;

    b = sharedNode("b-again");

    assertThat(b.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(b.get("/app").statusCode()).as("control: no cookie").isEqualTo(302);
  }

  @Test
  void redisStoppedThenCookieRequestsGet503AndSessionsWorkAgainAfterRestart() throws Exception {
    String cookie = a.login("/", spec -> {});
    a.backend.clear();

    redis.stop();
    HttpResponse<String> page = a.get("/app", "Cookie", cookie);
    HttpResponse<String> json = a.get("/app", "Cookie", cookie, "Accept", "application/json");
    HttpResponse<String> anonymous = a.get("/app");
    HttpResponse<String> status = a.get("/Shibboleth.sso/Status");
    redis.startAgain();

    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.body()).contains("SPG-70");
    assertThat(json.statusCode()).isEqualTo(503);
    assertThat(json.body()).contains("\"code\":\"SPG-70\"");
    assertThat(a.backend.isEmpty()).as("nothing reached the backend").isTrue();
    assertThat(status.body()).contains("\"status\":\"degraded\"", "\"storeConnected\":false");
    assertThat(anonymous.statusCode())
        .as("a login cannot be recorded either: a clear page, not a redirect that cannot succeed")
        .isEqualTo(503);
    assertThat(anonymous.body()).contains("SPG-70");

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String again = null;
    while (again == null && System.nanoTime() < deadline) {
      try {
        again = b.login("/", spec -> {});
      } catch (AssertionError reconnecting) {
        Thread.sleep(200);
      }
    }
    assertThat(again).as("a login once Redis is back").isNotNull();
    // Each node's client reconnects on its own schedule: node A may still be reconnecting.
    int onA = a.get("/app", "Cookie", again).statusCode();
    while (onA == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      onA = a.get("/app", "Cookie", again).statusCode();
    }
    assertThat(onA).as("node A serves the session once its client reconnected").isEqualTo(200);
    assertThat(a.get("/Shibboleth.sso/Status").body())
        .contains("\"status\":\"ok\"", "\"storeConnected\":true", "redis redis://127.0.0.1:");
  }
}
