package org.spgate.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code logging} section into a {@link LoggingConfig}. */
final class LoggingSection {

  private static final ValueType<LoggingConfig.Format> FORMAT = ValueType.oneOf(formats());

  private LoggingSection() {}

  static LoggingConfig read(YamlMapping logging) {
    LoggingConfig.Format format = logging.get("format", FORMAT, LoggingConfig.Format.AUTO);
    boolean accessLog = logging.get("accessLog", ValueType.BOOLEAN, false);
    boolean attributeValues = logging.get("attributeValues", ValueType.BOOLEAN, false);
    logging.finish();
    return new LoggingConfig(format, accessLog, attributeValues);
  }

  private static Map<String, LoggingConfig.Format> formats() {
    Map<String, LoggingConfig.Format> spellings = new LinkedHashMap<>();
    spellings.put("auto", LoggingConfig.Format.AUTO);
    spellings.put("json", LoggingConfig.Format.JSON);
    spellings.put("text", LoggingConfig.Format.TEXT);
    return spellings;
  }
}
