package org.spgate.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code logback.xml} (not the tests' own file) read into a fresh Logback context:
 * {@code spgate.log.format} picks the JSON appender (LogstashEncoder) or the text one; without it,
 * a test run (no console) gets JSON.
 */
class LogFormatTest {

  @AfterEach
  void clear() {
    System.clearProperty(LogFormat.PROPERTY);
  }

  /**
   * Reads the shipped configuration into a fresh context and returns the one root appender that
   * lets an event through; the file must read without a warning (on a warning Logback prints its
   * status on stdout).
   */
  private static ConsoleAppender<ILoggingEvent> activeAppender() throws Exception {
    URL shipped = LogFormat.class.getClassLoader().getResource("logback.xml");
    assertThat(shipped).isNotNull();
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(shipped);
    assertThat(new StatusUtil(context).getHighestLevel(0))
        .as("highest status level of the shipped configuration")
        .isLessThan(Status.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ILoggingEvent event = new LoggingEvent("test", root, Level.INFO, "hello", null, null);
    List<ConsoleAppender<ILoggingEvent>> passing = new ArrayList<>();
    root.iteratorForAppenders()
        .forEachRemaining(
            a -> {
              if (a.getFilterChainDecision(event) != FilterReply.DENY) {
                passing.add((ConsoleAppender<ILoggingEvent>) a);
              }
            });
    context.stop();
    assertThat(passing).as("appenders an event goes to").hasSize(1);
    return passing.get(0);
  }

  @Test
  void jsonFormatUsesTheLogstashEncoder() throws Exception {
    System.setProperty(LogFormat.PROPERTY, "json");
    ConsoleAppender<ILoggingEvent> appender = activeAppender();
    assertThat(appender.getName()).isEqualTo("json");
    assertThat(appender.getEncoder()).isInstanceOf(LogstashEncoder.class);
  }

  @Test
  void textFormatUsesThePattern() throws Exception {
    System.setProperty(LogFormat.PROPERTY, "text");
    ConsoleAppender<ILoggingEvent> appender = activeAppender();
    assertThat(appender.getName()).isEqualTo("text");
    assertThat(appender.getEncoder()).isNotInstanceOf(LogstashEncoder.class);
  }

  @Test
  void withoutATerminalTheChoiceIsJson() {
    // Surefire's forked JVM has no console; an operator's terminal has one (then: text).
    assertThat(LogFormat.isTerminal()).isFalse();
    assertThat(LogFormat.chosen()).isEqualTo("json");
  }
}
