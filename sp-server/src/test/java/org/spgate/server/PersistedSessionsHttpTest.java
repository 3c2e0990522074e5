package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code sessions.persist}: real spgate nodes stopped and started again on the same configuration
 * (the same SP key, IdP and public URL), the session file between them.
 */
class PersistedSessionsHttpTest {

  private static final String ROUTES = "  - {path: /, backend: \"BACKEND\", auth: required}";

  @TempDir Path dir;
  private Path sessionFile;
  private String credentials;
  private TestSpGate first;
  private TestSpGate second;
  private ListAppender<ILoggingEvent> log;

  @BeforeEach
  void setUp() throws Exception {
    sessionFile = Files.createDirectories(dir.resolve("state")).resolve("sessions.bin");
    credentials = credentials("sp");
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger("spgate.sessions")).addAppender(log);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger("spgate.sessions")).detachAppender(log);
    for (TestSpGate node : new TestSpGate[] {first, second}) {
      if (node != null) {
        node.close();
      }
    }
  }

  /** A key pair written for this test; the YAML of its {@code credentials}. */
  private String credentials(String name) throws Exception {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    PemFiles.write(
        KeyPairs.selfSigned(
            "sp.example.org", 2048, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(30)),
        cert,
        key);
    return "credentials:\n  - {cert: " + cert + ", key: " + key + "}\n";
  }

  private String persisted(String interval) {
    return credentials
        + "shutdown: {timeout: 5s}\n"
        + "sessions: {persist: "
        + sessionFile
        + ", persistInterval: "
        + interval
        + ", lifetime: 1h}\n";
  }

  private TestSpGate start(String extraYaml) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve("node" + System.nanoTime())), ROUTES, extraYaml);
  }

  /** The same configuration as {@code previous} had: its IdP, public URL and {@code extraYaml}. */
  private TestSpGate restart(TestSpGate previous, String extraYaml) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve("node" + System.nanoTime())),
        ROUTES,
        extraYaml,
        previous.idp,
        previous.url(""));
  }

  private static void stopGracefully(TestSpGate node) throws Exception {
    assertThat(node.server().drainAndStop()).isTrue();
    node.close();
  }

  /** The identity headers the backend got: Shib-* and the mapped attributes. */
  private static Map<String, List<String>> identity(RecordingBackend.Received request) {
    Map<String, List<String>> identity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(java.util.Locale.ROOT);
              if (lower.startsWith("shib-") || lower.equals("eppn") || lower.equals("mail")) {
                identity.put(name, values);
              }
            });
    return identity;
  }

  private List<String> messages(Level level) {
    return log.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void gracefulStopAndStartThenCookieStillWorksWithTheSameIdentityHeaders() throws Exception {
    first = start(persisted("30s"));
    String cookie = first.login("/", spec -> {});
    assertThat(first.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
    Map<String, List<String>> before = identity(first.backend.take());

    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;
    second = restart(stopped, persisted("30s"));

    assertThat(second.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
    Map<String, List<String>> after = identity(second.backend.take());
    assertThat(after).containsKeys("eppn", "Shib-Session-ID", "Shib-Identity-Provider");
    assertThat(after).isEqualTo(before);
    assertThat(second.get("/app").statusCode()).as("control: no cookie").isEqualTo(302);
    assertThat(messages(Level.INFO))
        .anySatisfy(m -> assertThat(m).contains("restored 1 session(s)", sessionFile.toString()));
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sessionFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void withoutPersistThenTheCookieFailsAfterTheRestart() throws Exception {
    first = start(credentials);
    String cookie = first.login("/", spec -> {});
    assertThat(first.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);

    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;
    second = restart(stopped, credentials);

    assertThat(second.get("/app", "Cookie", cookie).statusCode()).isEqualTo(302);
    assertThat(Files.exists(sessionFile)).isFalse();
  }

  @Test
  void firstStartWithoutFileThenStartsEmptyAndSaysSo() throws Exception {
    first = start(persisted("30s"));

    assertThat(first.get("/app").statusCode()).isEqualTo(302);
    assertThat(messages(Level.INFO))
        .anySatisfy(m -> assertThat(m).contains(sessionFile.toString(), "does not exist yet"));
  }

  @Test
  void tamperedFileThenStartsEmptyWarnsSetsTheFileAsideAndRefusesTheCookie() throws Exception {
    first = start(persisted("30s"));
    String cookie = first.login("/", spec -> {});
    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;
    byte[] bytes = Files.readAllBytes(sessionFile);
    bytes[bytes.length - 20] ^= 0x01;
    Files.write(sessionFile, bytes);

    second = restart(stopped, persisted("30s"));

    assertThat(second.get("/app", "Cookie", cookie).statusCode()).isEqualTo(302);
    assertThat(messages(Level.WARN))
        .singleElement()
        .asString()
        .contains(sessionFile.toString(), "authentication failed", ".rejected-");
    try (var files = Files.list(sessionFile.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anySatisfy(name -> assertThat(name).startsWith("sessions.bin.rejected-"));
    }
    String fresh = second.login("/", spec -> {});
    assertThat(second.get("/app", "Cookie", fresh).statusCode())
        .as("the restarted node works and signs users in")
        .isEqualTo(200);
  }

  @Test
  void fileWrittenWithAnotherSpKeyThenStartsEmpty() throws Exception {
    first = start(persisted("30s"));
    String cookie = first.login("/", spec -> {});
    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;
    credentials = credentials("rolled-over");

    second = restart(stopped, persisted("30s"));

    assertThat(second.get("/app", "Cookie", cookie).statusCode()).isEqualTo(302);
    assertThat(messages(Level.WARN)).singleElement().asString().contains("another SP key");
  }

  @Test
  void sessionThatEndedWhileStoppedIsNotRestoredWhileALiveOneIs() throws Exception {
    first = start(persisted("30s"));
    // spgate and its IdP 90 minutes in the past: with a lifetime of 1h, this session ended 30
    // minutes ago by the wall clock; the next one, 45 minutes later, ends in 15 minutes.
    first.clock.advance(Duration.ofMinutes(-90));
    String ended = first.login("/", spec -> {});
    first.clock.advance(Duration.ofMinutes(45));
    String live = first.login("/", spec -> spec.nameId = "bob");
    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;

    second = restart(stopped, persisted("30s"));

    assertThat(second.get("/app", "Cookie", ended).statusCode()).isEqualTo(302);
    assertThat(second.get("/app", "Cookie", live).statusCode()).isEqualTo(200);
    assertThat(messages(Level.INFO))
        .anySatisfy(m -> assertThat(m).contains("restored 1 session(s)", "dropped 1 session(s)"));
  }

  @Test
  void assertionConsumedBeforeTheRestartWhenReplayedAfterItThenRefused() throws Exception {
    first = start(persisted("30s"));
    TestSpGate.StartedLogin login = first.startLogin("/");
    ResponseSpec consumed = first.responseTo(login);
    assertThat(first.postAcs(first.idp.mint(consumed), login.relayState()).statusCode())
        .isEqualTo(303);
    stopGracefully(first);
    TestSpGate stopped = first;
    first = null;

    second = restart(stopped, persisted("30s"));
    TestSpGate.StartedLogin again = second.startLogin("/");
    ResponseSpec replay = second.responseTo(again);
    replay.assertionId = consumed.assertionId;
    HttpResponse<String> replayed = second.postAcs(second.idp.mint(replay), again.relayState());
    TestSpGate.StartedLogin third = second.startLogin("/");
    HttpResponse<String> fresh =
        second.postAcs(second.idp.mint(second.responseTo(third)), third.relayState());

    assertThat(replayed.statusCode()).isEqualTo(403);
    assertThat(replayed.body()).contains("SPG-28");
    assertThat(fresh.statusCode()).as("control: a fresh assertion").isEqualTo(303);
  }

  @Test
  void stoppedWithoutTheGracefulPathThenThePeriodicWriteKeptTheSession() throws Exception {
    first = start(persisted("1s"));
    String cookie = first.login("/", spec -> {});
    Instant loggedIn = Instant.now();

    // Two writes that both began after the login: the second surely holds the session.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    FileTime seen = null;
    int writes = 0;
    while (writes < 2 && System.nanoTime() < deadline) {
      if (Files.exists(sessionFile)) {
        FileTime modified = Files.getLastModifiedTime(sessionFile);
        if (modified.toInstant().isAfter(loggedIn) && !modified.equals(seen)) {
          seen = modified;
          writes++;
        }
      }
      Thread.sleep(100);
    }
    assertThat(writes).as("periodic writes within 15 s at a 1 s interval").isEqualTo(2);
    first.close(); // no graceful stop: no final write
    TestSpGate stopped = first;
    first = null;

    second = restart(stopped, persisted("1s"));

    assertThat(second.get("/app", "Cookie", cookie).statusCode()).isEqualTo(200);
  }
}
