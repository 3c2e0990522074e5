package org.spgate.server.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: the first starts a graceful stop and exits 0 when it is done; a second one
 * exits at once (status 1), cutting what still runs.
 *
 * <p>Why not a shutdown hook: the JVM runs hooks for the first signal and then ignores further ones
 * (a second {@code exit} blocks behind the first), so an operator could not cut a long drain short.
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a
 * signal.
 */
public final class TermSignals {

  private static final Logger LOG = LoggerFactory.getLogger("spgate");

  /** A graceful stop that may be interrupted. */
  public interface Stop {
    /** Stops; whether everything in flight finished. */
    boolean run() throws InterruptedException;
  }

  private TermSignals() {}

  /**
   * Handles TERM and INT with {@code stop} for the rest of the process's life. Where the JVM does
   * not let them be handled (e.g. {@code -Xrs}), {@code stop} runs from a shutdown hook instead:
   * still graceful, but a second signal cannot cut it short.
   */
  public static void install(Stop stop) {
    Object lock = new Object();
    boolean[] stopping = {false};
    try {
      Signal.handle(new Signal("TERM"), signal -> onSignal(signal, stop, lock, stopping));
      Signal.handle(new Signal("INT"), signal -> onSignal(signal, stop, lock, stopping));
    } catch (IllegalArgumentException e) {
      LOG.warn("cannot handle SIGTERM/SIGINT ({}); stopping from a shutdown hook", e.getMessage());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      stop.run();
                    } catch (InterruptedException ex) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "spgate-stop"));
    }
  }

  private static void onSignal(Signal signal, Stop stop, Object lock, boolean[] stopping) {
    synchronized (lock) {
      if (stopping[0]) {
        LOG.warn("second SIG{}: exiting now, requests in flight are cut", signal.getName());
        Runtime.getRuntime().halt(1);
      }
      stopping[0] = true;
    }
    LOG.info("SIG{}: stopping gracefully (send it again to exit at once)", signal.getName());
    Thread stopper =
        new Thread(
            () -> {
              try {
                stop.run();
              } catch (InterruptedException | RuntimeException e) {
                LOG.warn("graceful stop failed: {}", e.toString());
              }
              System.exit(0);
            },
            "spgate-stop");
    // The signal thread is a daemon and so would be its child: once the stop ends the server's
    // threads, the JVM could exit before the stop's last log line and its exit status.
    stopper.setDaemon(false);
    stopper.start();
  }
}
