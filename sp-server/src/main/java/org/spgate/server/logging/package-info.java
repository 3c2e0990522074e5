/**
 * Structured log events: {@link org.spgate.server.logging.Events} writes the login line and the
 * optional access log as SLF4J key/value pairs (fields of the JSON line, {@code key=value} in
 * text); {@link org.spgate.server.logging.LogFormat} picks text or JSON for Logback.
 */
@NullMarked
package org.spgate.server.logging;

import org.jspecify.annotations.NullMarked;
