package org.spgate.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.session.Session;
import org.spgate.core.time.ClockTicker;

/**
 * {@link CaffeineSessionStore#find} of an existing session in a store of 100,000, from two threads
 * (the machine's cores), as on every proxied request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class SessionStoreBenchmark {

  private static final int SESSIONS = 100_000;

  private CaffeineSessionStore store;
  private String[] ids;

  /** Each thread walks the ids from its own start. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Math.random() * SESSIONS);
  }

  @Setup
  public void setUp() {
    Clock clock = Clock.systemUTC();
    store = new CaffeineSessionStore(1_000_000, Duration.ofHours(1), clock, new ClockTicker(clock));
    ids = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      Session session = BenchFixtures.session(2, 60);
      store.put(session);
      ids[i] = session.id();
    }
  }

  @Benchmark
  public Optional<Session> find(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == SESSIONS ? 0 : i + 1;
    return store.find(ids[i]);
  }
}
