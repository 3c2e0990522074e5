package org.spgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.time.ClockTicker;

/**
 * The heap cost of sessions: fills a {@link CaffeineSessionStore} with {@code --sessions} sessions
 * of {@code --attributes} attributes (about 30 bytes of value each, like eppn, mail, names and
 * affiliations) and prints the heap used after GC before and after, and the difference per session
 * (the session record, its id, attribute arrays and strings, and the store's entry).
 */
public final class SessionMemory {

  private SessionMemory() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int count = Integer.parseInt(args.get("sessions", "100000"));
    int attributes = Integer.parseInt(args.get("attributes", "10"));
    Clock clock = Clock.systemUTC();
    CaffeineSessionStore store =
        new CaffeineSessionStore(10_000_000, Duration.ofHours(8), clock, new ClockTicker(clock));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    for (int i = 0; i < count; i++) {
      store.put(BenchFixtures.session(attributes, attributes * 30));
    }
    long after = usedAfterGc(memory);
    if (store.size() != count) {
      throw new IllegalStateException("store holds " + store.size() + " of " + count);
    }
    System.out.printf(
        "sessions=%d attributes=%d heap_before=%d heap_after=%d bytes_per_session=%d%n",
        count, attributes, before, after, (after - before) / count);
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
