/**
 * Bounds on what one client can hold: the per-address rate of the expensive login endpoints, and
 * the watch that reports when the cap on client connections is reached. The timeouts themselves are
 * Undertow's listener options, set in {@code SpServer}.
 */
@NullMarked
package org.spgate.server.limits;

import org.jspecify.annotations.NullMarked;
