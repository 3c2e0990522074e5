/** Sessions, their stores, and the server-side state of logins in flight. */
@NullMarked
package org.spgate.core.session;

import org.jspecify.annotations.NullMarked;
