/** The session cookie and the handler that finds the request's session. */
@NullMarked
package org.spgate.server.session;

import org.jspecify.annotations.NullMarked;
