package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sessions.persist} and {@code sessions.persistInterval}: off by default; a file in a
 * writable directory, only with the in-process store and with configured credentials.
 */
class SessionPersistConfigTest {

  private static final String CREDENTIALS =
      "credentials:\n  - {cert: sp-cert.pem, key: sp-key.pem}\n";

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenAbsentThenNoSessionFile() throws ConfigException {
    assertThat(dir.load(minimalWith(CREDENTIALS)).sessions().persist()).isNull();
  }

  @Test
  void loadWhenSetWithCredentialsThenFileResolvedAgainstTheConfigAndDefaultInterval()
      throws ConfigException {
    SessionConfig sessions =
        dir.load(minimalWith(CREDENTIALS + "sessions: {persist: sessions.bin}")).sessions();

    assertThat(sessions.persist())
        .isEqualTo(new SessionPersistConfig(tmp.resolve("sessions.bin"), Duration.ofSeconds(30)));
  }

  @Test
  void loadWhenIntervalSetThenRead() throws ConfigException {
    SessionConfig sessions =
        dir.load(
                minimalWith(CREDENTIALS + "sessions: {persist: sessions.bin, persistInterval: 5s}"))
            .sessions();

    assertThat(sessions.persist().interval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void loadWhenCombinedWithRedisThenProblemOnPersistSaysRedisOutlivesRestarts() {
    String yaml =
        minimalWith(
            CREDENTIALS
                + "sessions:\n  store: redis://127.0.0.1:6379/0\n  persist: sessions.bin\n");

    dir.onlyProblem(yaml, lineOf(yaml, "persist:"), "sessions.persist", "already live in Redis");
  }

  @Test
  void loadWhenNoCredentialsThenProblemNamesTheMissingKey() {
    String yaml = minimalWith("sessions:\n  persist: sessions.bin\n");

    dir.onlyProblem(yaml, lineOf(yaml, "persist:"), "sessions.persist", "needs credentials");
  }

  @Test
  void loadWhenDirectoryMissingThenProblemNamesIt() {
    String yaml = minimalWith(CREDENTIALS + "sessions:\n  persist: nowhere/sessions.bin\n");

    dir.onlyProblem(
        yaml,
        lineOf(yaml, "persist:"),
        "sessions.persist",
        "the directory of the session file does not exist: " + tmp.resolve("nowhere"));
  }

  @Test
  void loadWhenIntervalWithoutPersistOrOutOfRangeThenNamed() {
    String alone = minimalWith(CREDENTIALS + "sessions:\n  persistInterval: 10s\n");
    String tooShort =
        minimalWith(CREDENTIALS + "sessions:\n  persist: sessions.bin\n  persistInterval: 100ms\n");

    dir.onlyProblem(
        alone,
        lineOf(alone, "persistInterval"),
        "sessions.persistInterval",
        "has no effect without sessions.persist");
    dir.onlyProblem(tooShort, lineOf(tooShort, "persistInterval"), "sessions.persistInterval", "");
  }
}
