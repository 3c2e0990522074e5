package org.spgate.core.config;

/**
 * What spgate logs and how.
 *
 * @param format how log lines are written: {@link Format#AUTO} is text on a terminal, JSON
 *     otherwise
 * @param accessLog one line per proxied request (method, route, status, duration, correlation id)
 * @param attributeValues the login line carries the mapped attribute values (for debugging an
 *     attribute release; personal data in the log, so off by default)
 */
public record LoggingConfig(Format format, boolean accessLog, boolean attributeValues) {

  /** The built-in defaults: auto format, no access log, no attribute values. */
  public static final LoggingConfig DEFAULTS = new LoggingConfig(Format.AUTO, false, false);

  /** The log line format. */
  public enum Format {
    /** Text when standard output is a terminal, JSON otherwise. */
    AUTO,
    /** One JSON object per line. */
    JSON,
    /** Human-readable lines. */
    TEXT
  }
}
