package org.spgate.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets events through the shipped {@code logback.xml}'s appender for one format ({@code json} or
 * {@code text}) only when {@link LogFormat} chose that format. Both appenders stay referenced, so
 * Logback's configuration has no warning: with one, Logback prints its whole start-up status on
 * stdout, which belongs to commands such as {@code spgate metadata > sp.xml}.
 */
public final class FormatFilter extends Filter<ILoggingEvent> {

  private String format = "";
  private boolean chosen;

  /** The format of the appender this filter guards; set from the configuration file. */
  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public void start() {
    chosen = format.equals(LogFormat.chosen());
    super.start();
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return chosen ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
