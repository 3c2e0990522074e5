package org.spgate.server.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ShutdownConfig;

/**
 * The graceful stop sequence: drain (readiness 503, connections closed after their response) for
 * {@code shutdown.drainDelay}, close the listener, send WebSocket connections a close frame, wait
 * up to {@code shutdown.timeout} for the requests in flight (uploads included) and those
 * connections, stop the threads, then run what needs a quiet server (the session file's last write:
 * no request changes a session any more).
 */
public final class GracefulStop {

  private static final Logger LOG = LoggerFactory.getLogger("spgate");

  private final Lifecycle lifecycle;
  private final ShutdownConfig shutdown;
  private final Runnable closeListener;
  private final Runnable stopThreads;
  private final Runnable afterStop;

  public GracefulStop(
      Lifecycle lifecycle, ShutdownConfig shutdown, Runnable closeListener, Runnable stopThreads) {
    this(lifecycle, shutdown, closeListener, stopThreads, () -> {});
  }

  /** As above, with {@code afterStop} run once the threads stopped. */
  public GracefulStop(
      Lifecycle lifecycle,
      ShutdownConfig shutdown,
      Runnable closeListener,
      Runnable stopThreads,
      Runnable afterStop) {
    this.lifecycle = lifecycle;
    this.shutdown = shutdown;
    this.closeListener = closeListener;
    this.stopThreads = stopThreads;
    this.afterStop = afterStop;
  }

  /** Runs the sequence; whether every request in flight finished in time. */
  public boolean run() throws InterruptedException {
    long started = System.nanoTime();
    lifecycle.beginDraining();
    long delay = shutdown.drainDelay().toMillis();
    if (delay > 0) {
      LOG.info(
          "stopping: /Ready and /Status answer 503 draining; the listener closes in {} ms"
              + " (shutdown.drainDelay)",
          delay);
      Thread.sleep(delay);
    }
    closeListener.run();
    int webSockets = lifecycle.longLivedCount();
    lifecycle.stopTakingRequests();
    LOG.info(
        "stopping: listener closed; {} upgraded connection(s) told to end (WebSockets: a close"
            + " frame, 1001); waiting up to {} s for them and the requests in flight"
            + " (shutdown.timeout)",
        webSockets,
        shutdown.timeout().toSeconds());
    boolean finished = lifecycle.awaitInFlight(shutdown.timeout().toMillis());
    stopThreads.run();
    afterStop.run();
    long ms = (System.nanoTime() - started) / 1_000_000;
    if (finished) {
      LOG.info("stopped after {} ms; every request in flight finished", ms);
    } else {
      LOG.warn("stopped after {} ms; requests still running after shutdown.timeout were cut", ms);
    }
    return finished;
  }
}
