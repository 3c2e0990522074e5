package org.spgate.core.session.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.session.HeldSession;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.time.ClockTicker;

/**
 * Stores saved to a session file and restored into new stores (a restart), at a test clock: what
 * comes back, what is dropped, and a file that is refused.
 */
class SessionPersistenceTest {

  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final String IDP = "https://idp.example.org/idp/shibboleth";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atSystemTime();
  private final SessionFileCipher cipher = cipher();

  private static SessionFileCipher cipher() {
    return SessionFileCipher.fromPrivateKey(
        KeyPairs.selfSignedEcP256("sp", Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(1))
            .privateKey());
  }

  /** One run of spgate's stores on the session file. */
  private final class Run {
    final CaffeineSessionStore sessions =
        new CaffeineSessionStore(1_000, IDLE, clock, new ClockTicker(clock));
    final CaffeineReplayCache replays =
        new CaffeineReplayCache(1_000, clock, new ClockTicker(clock));
    final SessionPersistence persistence;

    Run(SessionFileCipher withKey) {
      persistence =
          new SessionPersistence(
              new SessionFile(dir.resolve("sessions.bin"), withKey), sessions, replays, clock);
    }

    Run() {
      this(cipher);
    }
  }

  @Test
  void savedThenRestoredInANewRunGivesTheSameSessionsAndAttributes() throws Exception {
    Run first = new Run();
    Session alice = session("a", Duration.ofHours(8), "alice");
    Session bob = session("b", Duration.ofHours(8), "bob");
    first.sessions.put(alice);
    first.sessions.put(bob);

    SessionPersistence.Saved saved = first.persistence.save();
    Run second = new Run();
    SessionPersistence.Outcome outcome = second.persistence.restore();

    assertThat(saved.sessions()).isEqualTo(2);
    assertThat(outcome).isEqualTo(SessionPersistence.Outcome.RESTORED);
    assertThat(second.sessions.find("a")).contains(alice);
    assertThat(second.sessions.find("b")).contains(bob);
    assertThat(second.sessions.find("c")).as("control: never stored").isEmpty();
    assertThat(second.sessions.endSessionsOf(IDP, "alice", null))
        .as("the subject index for IdP logout is rebuilt")
        .isEqualTo(1);
    assertThat(second.sessions.find("b")).isPresent();
  }

  @Test
  void idleDeadlineKeptAcrossTheRestartNotRenewedByIt() throws Exception {
    Run first = new Run();
    first.sessions.put(session("a", Duration.ofHours(8), "alice"));
    clock.advance(Duration.ofMinutes(20));
    first.sessions.put(session("b", Duration.ofHours(8), "bob"));
    first.persistence.save();

    Run second = new Run();
    second.persistence.restore();
    clock.advance(Duration.ofMinutes(11));

    assertThat(second.sessions.find("a")).as("idle 31 minutes").isEmpty();
    assertThat(second.sessions.find("b")).as("idle 11 minutes").isPresent();
  }

  @Test
  void sessionsThatEndedWhileStoppedAreDroppedAndTheOthersRestored() throws Exception {
    Run first = new Run();
    first.sessions.put(session("short", Duration.ofMinutes(10), "alice"));
    first.sessions.put(session("long", Duration.ofHours(8), "bob"));
    first.persistence.save();

    clock.advance(Duration.ofMinutes(15));
    Run second = new Run();
    second.persistence.restore();

    assertThat(second.sessions.find("short")).as("absolute end passed").isEmpty();
    assertThat(second.sessions.find("long")).isPresent();
    assertThat(second.sessions.snapshot()).hasSize(1);
  }

  @Test
  void idleTimeoutPassedWhileStoppedThenSessionNotRestored() throws Exception {
    Run first = new Run();
    first.sessions.put(session("a", Duration.ofHours(8), "alice"));
    first.persistence.save();

    clock.advance(IDLE.plusSeconds(1));
    Run second = new Run();
    second.persistence.restore();

    assertThat(second.sessions.find("a")).isEmpty();
    assertThat(second.sessions.snapshot()).isEmpty();
  }

  @Test
  void consumedAssertionRestoredThenItsReplayRefusedAndAFreshOneAccepted() throws Exception {
    Run first = new Run();
    first.replays.consume(IDP, "_consumed", clock.instant().plus(Duration.ofMinutes(5)));
    first.replays.consume(IDP, "_old", clock.instant().plus(Duration.ofMinutes(1)));
    first.persistence.save();

    clock.advance(Duration.ofMinutes(2));
    Run second = new Run();
    second.persistence.restore();

    Instant later = clock.instant().plus(Duration.ofMinutes(5));
    assertThatThrownBy(() -> second.replays.consume(IDP, "_consumed", later))
        .isInstanceOf(Rejection.class)
        .satisfies(e -> assertThat(((Rejection) e).reason()).isEqualTo(Reason.REPLAYED));
    second.replays.consume(IDP, "_fresh", later);
    assertThat(second.replays.size()).as("the one whose time had passed is dropped").isEqualTo(2);
  }

  @Test
  void noFileThenStartsEmpty() {
    Run run = new Run();

    assertThat(run.persistence.restore()).isEqualTo(SessionPersistence.Outcome.NO_FILE);
    assertThat(run.sessions.size()).isZero();
  }

  @Test
  void alteredFileThenStartsEmptyAndTheFileIsSetAside() throws Exception {
    Run first = new Run();
    first.sessions.put(session("a", Duration.ofHours(8), "alice"));
    first.persistence.save();
    Path file = dir.resolve("sessions.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(file, bytes);

    Run second = new Run();

    assertThat(second.persistence.restore()).isEqualTo(SessionPersistence.Outcome.REJECTED);
    assertThat(second.sessions.find("a")).isEmpty();
    assertThat(Files.exists(file)).isFalse();
    try (var aside = Files.list(dir)) {
      assertThat(aside.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .asString()
          .startsWith("sessions.bin.rejected-");
    }
  }

  @Test
  void fileOfAnotherSpKeyThenStartsEmptyWhileTheSameKeyRestores() throws Exception {
    Run first = new Run();
    first.sessions.put(session("a", Duration.ofHours(8), "alice"));
    first.persistence.save();
    byte[] written = Files.readAllBytes(dir.resolve("sessions.bin"));

    Run otherKey = new Run(cipher());
    SessionPersistence.Outcome refused = otherKey.persistence.restore();
    Files.write(dir.resolve("sessions.bin"), written);
    Run sameKey = new Run();
    SessionPersistence.Outcome restored = sameKey.persistence.restore();

    assertThat(refused).isEqualTo(SessionPersistence.Outcome.REJECTED);
    assertThat(otherKey.sessions.find("a")).isEmpty();
    assertThat(restored).isEqualTo(SessionPersistence.Outcome.RESTORED);
    assertThat(sameKey.sessions.find("a")).isPresent();
  }

  @Test
  void writtenFileIsOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
    Run run = new Run();
    run.sessions.put(session("a", Duration.ofHours(8), "alice"));
    run.persistence.save();
    run.persistence.save();

    Path file = dir.resolve("sessions.bin");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(file);
    }
  }

  @Test
  void contentRoundTripsAndEveryTruncationOrTrailingByteRefused() throws Exception {
    List<HeldSession> sessions = new ArrayList<>();
    sessions.add(new HeldSession(session("a", Duration.ofHours(1), "alice"), clock.instant()));
    SessionFileContent content =
        new SessionFileContent(
            Instant.ofEpochMilli(clock.millis()),
            sessions,
            Map.of(IDP + "\n_x", Instant.ofEpochMilli(clock.millis() + 1000)));
    byte[] bytes = content.encode();

    assertThat(SessionFileContent.decode(bytes)).isEqualTo(content);
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> SessionFileContent.decode(truncated))
          .as("truncated to %d of %d bytes", length, bytes.length)
          .isInstanceOf(SessionFileException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> SessionFileContent.decode(longer))
        .isInstanceOf(SessionFileException.class);
  }

  private Session session(String id, Duration lifetime, String user) {
    long now = clock.instant().getEpochSecond();
    return new Session(
        id,
        IDP,
        Protocol.SAML2,
        new NameIdValue(user, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", null, null),
        "_index-" + id,
        "2026-01-01T00:00:00Z",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        null,
        now,
        now + lifetime.toSeconds(),
        SessionAttributes.of(
            Map.of(
                "eppn", List.of(user + "@example.org"),
                "affiliation", List.of("member", "staff"))),
        "127.0.0.1");
  }
}
