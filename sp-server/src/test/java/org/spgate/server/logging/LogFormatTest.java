package org.spgate.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
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

  private static ConsoleAppender<ILoggingEvent> rootAppender() throws Exception {
    URL shipped = LogFormat.class.getClassLoader().getResource("logback.xml");
    assertThat(shipped).isNotNull();
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(shipped);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    var appenders = root.iteratorForAppenders();
    assertThat(appenders.hasNext()).isTrue();
    ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) appenders.next();
    assertThat(appenders.hasNext()).as("one appender on the root").isFalse();
    context.stop();
    return appender;
  }

  @Test
  void jsonFormatUsesTheLogstashEncoder() throws Exception {
    System.setProperty(LogFormat.PROPERTY, "json");
    ConsoleAppender<ILoggingEvent> appender = rootAppender();
    assertThat(appender.getName()).isEqualTo("json");
    assertThat(appender.getEncoder()).isInstanceOf(LogstashEncoder.class);
  }

  @Test
  void textFormatUsesThePattern() throws Exception {
    System.setProperty(LogFormat.PROPERTY, "text");
    ConsoleAppender<ILoggingEvent> appender = rootAppender();
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
