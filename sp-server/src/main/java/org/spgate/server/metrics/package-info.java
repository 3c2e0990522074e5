/**
 * Prometheus metrics: {@link org.spgate.server.metrics.Metrics} is the one facade the rest of the
 * server calls (logins, refusals, per-route proxy latency and backend failures, session store
 * lookups, metadata age, JVM); {@link org.spgate.server.metrics.MetricsListener} serves them on a
 * listener of their own. Off unless {@code metrics.listen} is set; then nothing is recorded.
 */
@NullMarked
package org.spgate.server.metrics;

import org.jspecify.annotations.NullMarked;
