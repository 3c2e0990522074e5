package org.spgate.server.session;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.persist.SessionPersistence;

/**
 * Writes the session file ({@code sessions.persist}) every {@code sessions.persistInterval} on its
 * own daemon thread, so a crash loses at most one interval, and once more at a graceful stop, after
 * the requests in flight finished. Never on an I/O thread: a write blocks on the disk.
 */
public final class SessionFileWriter {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.sessions");

  private final SessionPersistence persistence;
  private final ScheduledExecutorService schedule;

  private SessionFileWriter(SessionPersistence persistence, Duration interval) {
    this.persistence = persistence;
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "spgate-session-file");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    schedule.scheduleWithFixedDelay(this::writePeriodically, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts writing every {@code interval} (the first write one interval from now). */
  public static SessionFileWriter start(SessionPersistence persistence, Duration interval) {
    return new SessionFileWriter(persistence, interval);
  }

  private void writePeriodically() {
    try {
      long started = System.nanoTime();
      SessionPersistence.Saved saved = persistence.save();
      LOG.debug(
          "sessions.persist: wrote {} session(s), {} consumed assertion ID(s), {} bytes to {} in {}"
              + " ms",
          saved.sessions(),
          saved.consumedAssertions(),
          saved.bytes(),
          persistence.file().path(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      if (schedule.isShutdown()) {
        // Stopped mid-write: the temporary file is gone, the previous file whole; the graceful
        // stop writes again.
        LOG.debug("sessions.persist: periodic write cut by the stop: {}", e.toString());
        return;
      }
      // The next interval tries again; the previous file stays whole (atomic replace).
      LOG.warn("sessions.persist: cannot write {}: {}", persistence.file().path(), e.toString());
    }
  }

  /**
   * Stops the periodic writes, waiting for one that is running (a stop without a final write: the
   * file keeps what the last interval wrote).
   */
  public void stop() {
    schedule.shutdownNow();
    try {
      if (!schedule.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("sessions.persist: a periodic write still runs after 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the periodic writes and writes the file one last time (the graceful stop). */
  public void stopAndWrite() {
    stop();
    long started = System.nanoTime();
    try {
      SessionPersistence.Saved saved = persistence.save();
      LOG.info(
          "stopping: sessions.persist wrote {} session(s) and {} consumed assertion ID(s) to {} ({}"
              + " bytes, {} ms)",
          saved.sessions(),
          saved.consumedAssertions(),
          persistence.file().path(),
          saved.bytes(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "stopping: sessions.persist cannot write {}: {}; the file keeps the last periodic write",
          persistence.file().path(),
          e.toString());
    }
  }
}
