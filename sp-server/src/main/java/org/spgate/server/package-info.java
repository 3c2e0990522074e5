/** The spgate server: runtime composition and the Undertow handler chain. */
@NullMarked
package org.spgate.server;

import org.jspecify.annotations.NullMarked;
