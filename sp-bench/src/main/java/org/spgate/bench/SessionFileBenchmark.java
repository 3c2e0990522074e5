package org.spgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.session.persist.SessionFile;
import org.spgate.core.session.persist.SessionFileCipher;
import org.spgate.core.session.persist.SessionPersistence;
import org.spgate.core.time.ClockTicker;

/**
 * {@code sessions.persist}: writing 100,000 sessions of 10 attributes (about 400 bytes of values)
 * to the sealed session file, and restoring them into an empty store (a start). One shot each: the
 * time a graceful stop and a start spend on the file. The file's size is printed at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class SessionFileBenchmark {

  private static final int SESSIONS = 100_000;

  private final Clock clock = Clock.systemUTC();
  private Path dir;
  private SessionFileCipher cipher;
  private SessionPersistence full;
  private SessionPersistence empty;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("spgate-session-file");
    cipher =
        SessionFileCipher.fromPrivateKey(
            KeyPairs.selfSigned("bench", 2048, Instant.now(), Duration.ofDays(1)).privateKey());
    CaffeineSessionStore store = store();
    for (int i = 0; i < SESSIONS; i++) {
      store.put(BenchFixtures.session(10, 400));
    }
    full = persistence(store);
    full.save();
  }

  /** Before each restore: an empty store, as at a start. */
  @Setup(Level.Invocation)
  public void emptyStore() {
    empty = persistence(store());
  }

  private CaffeineSessionStore store() {
    return new CaffeineSessionStore(1_000_000, Duration.ofHours(1), clock, new ClockTicker(clock));
  }

  private SessionPersistence persistence(CaffeineSessionStore store) {
    return new SessionPersistence(
        new SessionFile(dir.resolve("sessions.bin"), cipher),
        store,
        new CaffeineReplayCache(1_000, clock, new ClockTicker(clock)),
        clock);
  }

  @Benchmark
  public SessionPersistence.Saved write() throws IOException {
    return full.save();
  }

  @Benchmark
  public SessionPersistence.Outcome restore() {
    return empty.restore();
  }

  @TearDown(Level.Trial)
  public void report() throws IOException {
    Path file = dir.resolve("sessions.bin");
    System.out.printf(
        "%nsession file: %d sessions, %,d bytes (%.0f bytes per session)%n",
        SESSIONS, Files.size(file), Files.size(file) / (double) SESSIONS);
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }
}
