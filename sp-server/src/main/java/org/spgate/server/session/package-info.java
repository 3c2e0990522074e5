/** The session cookie, finding the request's session, and ending it (sign-out). */
@NullMarked
package org.spgate.server.session;

import org.jspecify.annotations.NullMarked;
