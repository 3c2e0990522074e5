/**
 * Starting and stopping without dropping requests: the draining state the readiness endpoints
 * report, the handler that closes connections and counts requests in flight while spgate stops, the
 * graceful stop sequence, and the signal handling that starts it.
 */
@NullMarked
package org.spgate.server.lifecycle;

import org.jspecify.annotations.NullMarked;
