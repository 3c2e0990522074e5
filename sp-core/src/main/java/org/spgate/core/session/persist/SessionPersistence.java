package org.spgate.core.session.persist;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.session.CaffeineSessionStore;
import org.spgate.core.session.HeldSession;

/**
 * The in-process stores and their session file: {@link #restore} once at start, before the listener
 * opens; {@link #save} periodically and at a graceful stop, never on an I/O thread (it blocks on
 * the disk). A file that cannot be used is set aside and spgate starts empty: a restart never fails
 * over it, and never loads part of it.
 */
public final class SessionPersistence {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.sessions");

  private final SessionFile file;
  private final CaffeineSessionStore sessions;
  private final CaffeineReplayCache replayCache;
  private final Clock clock;

  public SessionPersistence(
      SessionFile file,
      CaffeineSessionStore sessions,
      CaffeineReplayCache replayCache,
      Clock clock) {
    this.file = file;
    this.sessions = sessions;
    this.replayCache = replayCache;
    this.clock = clock;
  }

  /** The file. */
  public SessionFile file() {
    return file;
  }

  /** What {@link #restore} did. */
  public enum Outcome {
    /** No file yet: started empty. */
    NO_FILE,
    /** The file was refused (or unreadable): started empty, the file set aside. */
    REJECTED,
    /** The file's entries were restored (those still live). */
    RESTORED
  }

  /** Restores the sessions and consumed assertions of the file into the stores, and logs how. */
  public Outcome restore() {
    SessionFileContent content;
    try {
      var read = file.read();
      if (read.isEmpty()) {
        LOG.info("sessions.persist: {} does not exist yet; starting with no sessions", file.path());
        return Outcome.NO_FILE;
      }
      content = read.get();
    } catch (SessionFileException e) {
      LOG.warn(
          "sessions.persist: {} refused ({}); starting with no sessions; {}",
          file.path(),
          e.getMessage(),
          setAside());
      return Outcome.REJECTED;
    } catch (IOException e) {
      LOG.warn(
          "sessions.persist: cannot read {} ({}); starting with no sessions",
          file.path(),
          e.toString());
      return Outcome.REJECTED;
    }
    int restored = 0;
    for (HeldSession held : content.sessions()) {
      if (sessions.restore(held)) {
        restored++;
      }
    }
    int assertions = 0;
    for (Map.Entry<String, Instant> entry : content.consumedAssertions().entrySet()) {
      if (replayCache.restore(entry.getKey(), entry.getValue())) {
        assertions++;
      }
    }
    LOG.info(
        "sessions.persist: restored {} session(s) and {} consumed assertion ID(s) from {} (written"
            + " {} s ago); dropped {} session(s) and {} assertion ID(s) that had ended since",
        restored,
        assertions,
        file.path(),
        Duration.between(content.writtenAt(), clock.instant()).toSeconds(),
        content.sessions().size() - restored,
        content.consumedAssertions().size() - assertions);
    return Outcome.RESTORED;
  }

  private String setAside() {
    try {
      return "the file is kept as " + file.setAside(clock.instant());
    } catch (IOException e) {
      return "it could not be set aside (" + e + ") and will be replaced at the next write";
    }
  }

  /** What one {@link #save} wrote. */
  public record Saved(int sessions, int consumedAssertions, long bytes) {}

  /**
   * Writes every live session and consumed assertion to the file, replacing it. One at a time: the
   * periodic write and the one at stop never interleave.
   */
  public synchronized Saved save() throws IOException {
    List<HeldSession> live = sessions.snapshot();
    Map<String, Instant> consumed = replayCache.snapshot();
    long bytes = file.write(new SessionFileContent(clock.instant(), live, consumed));
    return new Saved(live.size(), consumed.size(), bytes);
  }
}
