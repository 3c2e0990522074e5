/**
 * Logins in flight, whatever the protocol: the pending-login store keyed by request ID (RelayState
 * and wctx carry only an opaque token) and the choice of protocol for an IdP.
 */
@NullMarked
package org.spgate.core.login;

import org.jspecify.annotations.NullMarked;
