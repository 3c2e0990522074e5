/**
 * How spgate copes with a backend that fails: {@link org.spgate.server.proxy.health.OutageLog}
 * turns a flood of identical failures into one log line per backend per interval, and {@link
 * org.spgate.server.proxy.health.BackendBreaker} marks a backend that refuses connections as down
 * for a back-off, so that its requests get an immediate 503 while one probe at a time checks
 * whether it is back. {@link org.spgate.server.proxy.health.BackendHealth} joins both for one
 * backend and is what the proxy engine calls.
 */
@NullMarked
package org.spgate.server.proxy.health;

import org.jspecify.annotations.NullMarked;
