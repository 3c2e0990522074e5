/** Route matching on normalised paths and the per-route handler chain. */
@NullMarked
package org.spgate.server.route;

import org.jspecify.annotations.NullMarked;
