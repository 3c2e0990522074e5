package org.spgate.server.proxy.direct;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.xnio.XnioIoThread;

/**
 * The connections to one backend: at most {@code max} open at any time across all I/O threads
 * ({@code proxy.connectionsPerBackend}), a bounded queue of requests waiting for one ({@code
 * proxy.maxQueue}), and per I/O thread the idle keep-alive connections, closed after {@code
 * proxy.idleTimeout}.
 *
 * <p>Implementation notes. A connection belongs to the I/O thread that opened it (its listeners run
 * there), so an idle connection serves only requests of its own thread. A request that finds none
 * takes a slot of the cap ({@link #open}) and opens one; with no slot left it waits in the queue. A
 * slot is handed on whenever a connection ends: to the oldest waiter, whose own thread then opens a
 * connection with it; a released keep-alive connection goes straight to a waiter of the same
 * thread. A waiter that finds idle connections only on other threads asks one of those threads to
 * close one, so its slot comes free. The queue is re-checked after each enqueue, so a slot freed in
 * between is never lost.
 */
final class BackendPool {

  private final int max;
  private final int maxQueue;
  private final long idleNanos;
  private final Opener opener;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<Forward> waiting = new ConcurrentLinkedQueue<>();
  private final Map<XnioIoThread, Idle> idle = new ConcurrentHashMap<>();

  /** Opens a connection for a request; its slot is already taken. */
  interface Opener {
    void open(Forward f);
  }

  BackendPool(int max, int maxQueue, long idleMillis, Opener opener) {
    this.max = max;
    this.maxQueue = maxQueue;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.opener = opener;
  }

  /** Idle connections of {@code thread}. */
  Idle idle(XnioIoThread thread) {
    return idle.computeIfAbsent(thread, Idle::new);
  }

  /** Finds {@code f} a connection, on its I/O thread: idle, new, or later from the queue. */
  void acquire(Forward f) {
    XnioIoThread thread = f.exchange.getIoThread();
    BackendConnection c = idle(thread).take();
    if (c != null) {
      c.send(f);
      return;
    }
    if (reserve()) {
      opener.open(f);
      return;
    }
    if (queued.incrementAndGet() > maxQueue) {
      queued.decrementAndGet();
      f.busy("all " + max + " connections busy and " + maxQueue + " requests waiting");
      return;
    }
    f.queued = true;
    waiting.add(f);
    if (reserve()) {
      handOn();
    } else {
      evictIdleElsewhere(thread);
    }
  }

  /** {@code f} ended (timed out, client gone) while queued: it no longer waits. */
  void forget(Forward f) {
    if (f.queued && waiting.remove(f)) {
      f.queued = false;
      queued.decrementAndGet();
    }
  }

  /**
   * {@code c} finished a response and may carry another request: to a waiter of its thread, else
   * its slot to a waiter of another thread, else into the idle pool. Runs on {@code c}'s thread.
   */
  void release(BackendConnection c, XnioIoThread thread) {
    Forward w = nextWaiter();
    if (w == null) {
      idle(thread).put(c);
      return;
    }
    if (w.exchange.getIoThread() == thread) {
      thread.execute(() -> sendOrHandOn(c, w));
      return;
    }
    c.closeKeepingSlot();
    openFor(w);
  }

  /** A connection ended (closed, failed, expired, or never connected): its slot is handed on. */
  void closed() {
    open.decrementAndGet();
    if (!waiting.isEmpty() && reserve()) {
      handOn();
    }
  }

  private void sendOrHandOn(BackendConnection c, Forward w) {
    if (w.isDone() || !c.usable()) {
      c.close();
      if (w.isDone()) {
        return;
      }
      if (reserve()) {
        opener.open(w);
      } else {
        requeue(w);
      }
      return;
    }
    c.send(w);
  }

  private void requeue(Forward w) {
    queued.incrementAndGet();
    w.queued = true;
    waiting.add(w);
    if (reserve()) {
      handOn();
    }
  }

  /** A slot is reserved: give it to the oldest live waiter, or give it back. */
  private void handOn() {
    Forward w = nextWaiter();
    if (w == null) {
      closed();
      return;
    }
    openFor(w);
  }

  /** Opens a connection for {@code w} on its thread with a slot already reserved. */
  private void openFor(Forward w) {
    w.exchange
        .getIoThread()
        .execute(
            () -> {
              if (w.isDone()) {
                closed();
              } else {
                opener.open(w);
              }
            });
  }

  private @Nullable Forward nextWaiter() {
    Forward w;
    while ((w = waiting.poll()) != null) {
      queued.decrementAndGet();
      w.queued = false;
      if (!w.isDone()) {
        return w;
      }
    }
    return null;
  }

  private boolean reserve() {
    while (true) {
      int n = open.get();
      if (n >= max) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private void evictIdleElsewhere(XnioIoThread self) {
    for (Idle other : idle.values()) {
      if (other.thread != self && other.count > 0) {
        other.thread.execute(other::closeOldest);
        return;
      }
    }
  }

  /** The idle keep-alive connections of one I/O thread; touched only on that thread. */
  final class Idle {
    final XnioIoThread thread;
    private final ArrayDeque<BackendConnection> connections = new ArrayDeque<>();

    /** Read by other threads to find a connection to evict; exactness is not needed. */
    volatile int count;

    private boolean sweeping;

    Idle(XnioIoThread thread) {
      this.thread = thread;
    }

    /** The most recently used idle connection that is still usable, or null. */
    @Nullable BackendConnection take() {
      BackendConnection c;
      while ((c = connections.pollLast()) != null) {
        count = connections.size();
        c.idleIn = null;
        if (System.nanoTime() - c.idleSince < idleNanos && c.usable()) {
          return c;
        }
        c.close();
      }
      return null;
    }

    void put(BackendConnection c) {
      c.idleIn = this;
      c.idleSince = System.nanoTime();
      connections.addLast(c);
      count = connections.size();
      if (!sweeping) {
        sweeping = true;
        thread.executeAfter(
            this::sweep, TimeUnit.NANOSECONDS.toMillis(idleNanos), TimeUnit.MILLISECONDS);
      }
    }

    /** Forgets {@code c}, which closed while idle. */
    void remove(BackendConnection c) {
      connections.remove(c);
      c.idleIn = null;
      count = connections.size();
    }

    void closeOldest() {
      BackendConnection c = connections.peekFirst();
      if (c != null) {
        c.close();
      }
    }

    /** Closes connections idle for {@code proxy.idleTimeout}; runs again while any are left. */
    private void sweep() {
      long now = System.nanoTime();
      BackendConnection oldest;
      while ((oldest = connections.peekFirst()) != null && now - oldest.idleSince >= idleNanos) {
        oldest.close();
      }
      if (oldest == null) {
        sweeping = false;
        return;
      }
      long wait = idleNanos - (now - oldest.idleSince);
      thread.executeAfter(
          this::sweep, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), TimeUnit.MILLISECONDS);
    }
  }
}
