package org.spgate.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.LoggingConfig;

/**
 * Chooses the appender of the shipped {@code logback.xml}: {@code text} when standard input and
 * output are a terminal ({@link System#console()}), {@code json} otherwise (a service manager, a
 * container, a pipe), unless the system property {@value #PROPERTY} says which. The appenders'
 * {@link FormatFilter}s ask it; {@link #apply} sets the property from {@code logging.format} and
 * configures Logback again once the configuration file has been read.
 */
public final class LogFormat {

  /** The system property that overrides the automatic choice: {@code json} or {@code text}. */
  public static final String PROPERTY = "spgate.log.format";

  private LogFormat() {}

  /** {@code json} or {@code text}: the property if set to one of them, else by the terminal. */
  static String chosen() {
    String forced = System.getProperty(PROPERTY);
    if ("json".equals(forced) || "text".equals(forced)) {
      return forced;
    }
    return isTerminal() ? "text" : "json";
  }

  /**
   * Whether standard input and output are a terminal: {@link System#console()} on Java 17–21; from
   * Java 22 on it returns a console for pipes too, and {@code Console.isTerminal()} tells.
   */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17-21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Applies {@code logging.format}: with {@code json} or {@code text}, sets {@value #PROPERTY} and
   * re-reads the logging configuration if that changes the choice. An operator's own Logback file
   * ({@code -Dlogback.configurationFile}) is left alone: it decides the format itself.
   */
  public static void apply(LoggingConfig config) {
    if (config.format() == LoggingConfig.Format.AUTO
        || System.getProperty("logback.configurationFile") != null) {
      return;
    }
    String wanted = config.format() == LoggingConfig.Format.JSON ? "json" : "text";
    String before = chosen();
    System.setProperty(PROPERTY, wanted);
    if (!wanted.equals(before)
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
      }
    }
  }
}
