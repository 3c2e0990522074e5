/** The access decision for a routed request: let it through to the backend, or start a login. */
@NullMarked
package org.spgate.server.access;

import org.jspecify.annotations.NullMarked;
