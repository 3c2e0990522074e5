/**
 * The login stage: starting one (an HTTP-Redirect, an auto-submitting HTTP-POST form or a WS-Fed
 * redirect to the IdP) and completing one (the session, the cookie, the way back to the target).
 */
@NullMarked
package org.spgate.server.login;

import org.jspecify.annotations.NullMarked;
