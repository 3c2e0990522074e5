package org.spgate.server.limits;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioWorker;
import org.xnio.management.XnioServerMXBean;

/**
 * Says in the log when the cap on client connections ({@code limits.maxConnections}, XNIO's
 * connection high-water mark on the listener) is reached, and when it is left again. XNIO itself
 * stops accepting at the cap silently; new connections then wait in the kernel's listen backlog,
 * which looks like a hang from outside. Checked once a second on an I/O thread's timer from the
 * listener's own counter: nothing is added to the path of a connection.
 */
public final class ConnectionCapWatch {

  private static final Logger LOG = LoggerFactory.getLogger("spgate");

  private final XnioWorker worker;
  private final int cap;
  private volatile boolean atCap;
  private volatile boolean closed;
  private volatile int peak;

  private ConnectionCapWatch(XnioWorker worker, int cap) {
    this.worker = worker;
    this.cap = cap;
  }

  /** Starts watching the listeners of {@code worker}. */
  public static ConnectionCapWatch start(XnioWorker worker, int cap) {
    ConnectionCapWatch watch = new ConnectionCapWatch(worker, cap);
    watch.schedule();
    return watch;
  }

  private void schedule() {
    if (closed) {
      return;
    }
    try {
      worker.getIoThread().executeAfter(this::check, 1, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      closed = true; // the worker is stopping
    }
  }

  private void check() {
    int open = openConnections();
    peak = Math.max(peak, open);
    if (!atCap && open >= cap) {
      atCap = true;
      LOG.warn(
          "client connections reached limits.maxConnections ({}): new connections wait in the"
              + " listen backlog until others close (idle ones close after limits.idleTimeout)",
          cap);
    } else if (atCap && open < cap * 9 / 10) {
      atCap = false;
      LOG.info("client connections below limits.maxConnections again: {} open", open);
    }
    schedule();
  }

  /** Client connections open now, over the worker's listeners. */
  public int openConnections() {
    int open = 0;
    for (XnioServerMXBean server : worker.getMXBean().getServerMXBeans()) {
      open += server.getConnectionCount();
    }
    return open;
  }

  /** Whether the cap was reached at the last check. */
  public boolean atCap() {
    return atCap;
  }

  /** The most client connections seen open at one check, since start. */
  public int peak() {
    return peak;
  }

  /** Stops the checks. */
  public void close() {
    closed = true;
  }
}
