/**
 * spgate at the edge: the TLS listener (PEM chain and key, reloaded without a restart), the plain
 * listener that only redirects to HTTPS, and HSTS.
 */
@NullMarked
package org.spgate.server.edge;

import org.jspecify.annotations.NullMarked;
