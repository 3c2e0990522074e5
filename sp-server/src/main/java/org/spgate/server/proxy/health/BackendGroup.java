package org.spgate.server.proxy.health;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backends of one route ({@code routes[i].backends}) and which of them serves each request: the
 * next one in turn (round-robin) that its {@link BackendHealth} admits. A backend marked down is
 * skipped until its probe is due; when all are down, the request gets the 503 page with {@code
 * Retry-After} a single backend's outage gets. A group of one behaves exactly as its backend's
 * health.
 *
 * <p>Implementation note: the turn is one counter shared by all I/O threads, so requests are spread
 * evenly over time rather than per thread. A backend skipped as down passes its turn to the next
 * one, which then serves two turns: the share of a backend that is down goes to its successor, not
 * evenly to all others.
 */
public final class BackendGroup {

  private static final AttachmentKey<Integer> CHOSEN = AttachmentKey.create(Integer.class);

  private final List<BackendHealth> members;
  private final AtomicInteger turn = new AtomicInteger();

  /** {@code members} in the route's order; at least one. */
  public BackendGroup(List<BackendHealth> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one backend");
    }
    this.members = List.copyOf(members);
  }

  /** How many backends the route has. */
  public int size() {
    return members.size();
  }

  /**
   * Lets {@code exchange} go to the next backend in turn that is not marked down (true; its index
   * is then {@link #chosen} and its health {@link BackendHealth#of}), or answers it with a 503 page
   * because every backend is marked down (false).
   */
  public boolean admit(HttpServerExchange exchange) {
    int n = members.size();
    if (n == 1) {
      return members.get(0).admit(exchange);
    }
    int first = Math.floorMod(turn.getAndIncrement(), n);
    long now = System.nanoTime();
    long wait = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int k = (first + i) % n;
      long w = members.get(k).admitWait(now);
      if (w == 0) {
        choose(exchange, k);
        return true;
      }
      wait = Math.min(wait, w);
    }
    members.get(first).refuse(exchange, wait);
    return false;
  }

  /** The index of the backend {@link #admit} chose for {@code exchange} (0 for a single one). */
  public static int chosen(HttpServerExchange exchange) {
    Integer k = exchange.getAttachment(CHOSEN);
    return k == null ? 0 : k;
  }

  /**
   * Another backend for {@code exchange}, none of whose bytes reached a backend yet: the next after
   * {@code current} in the route's order, not beyond the one before {@code first} (each backend is
   * tried at most once), that is not marked down. Returns its index (then {@link #chosen} and
   * attached), or -1 when there is none.
   */
  public int failover(HttpServerExchange exchange, int first, int current) {
    int n = members.size();
    long now = System.nanoTime();
    for (int k = (current + 1) % n; k != first; k = (k + 1) % n) {
      if (members.get(k).admitWait(now) == 0) {
        choose(exchange, k);
        return k;
      }
    }
    return -1;
  }

  private void choose(HttpServerExchange exchange, int k) {
    exchange.putAttachment(CHOSEN, k);
    members.get(k).attach(exchange);
  }

  @Override
  public String toString() {
    return "backends" + members;
  }
}
