package org.spgate.server.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Counts the lines written to one logger while attached (and keeps the first few hundred), so a
 * test can bound a component's log volume.
 */
public final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private static final int KEPT = 500;

  private final Logger logger;
  private final AtomicLong count = new AtomicLong();
  private final List<String> kept = new CopyOnWriteArrayList<>();

  private LogLines(Logger logger) {
    this.logger = logger;
  }

  /** Starts counting the lines of logger {@code name}. */
  public static LogLines of(String name) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    LogLines lines = new LogLines(logger);
    lines.setContext(logger.getLoggerContext());
    lines.start();
    logger.addAppender(lines);
    return lines;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (count.incrementAndGet() <= KEPT) {
      kept.add(event.getFormattedMessage());
    }
  }

  /** Lines written since attached (or since {@link #reset}). */
  public long count() {
    return count.get();
  }

  /** The first lines written (up to 500). */
  public List<String> lines() {
    return List.copyOf(kept);
  }

  /** Lines (among those kept) containing {@code text}. */
  public long countContaining(String text) {
    return kept.stream().filter(l -> l.contains(text)).count();
  }

  public void reset() {
    count.set(0);
    kept.clear();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
