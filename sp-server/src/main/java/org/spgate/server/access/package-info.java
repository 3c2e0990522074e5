/** Path protection: let through, or start a login. */
@NullMarked
package org.spgate.server.access;

import org.jspecify.annotations.NullMarked;
