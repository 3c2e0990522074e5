/** Sessions and their stores (logins in flight are in {@code core.login}). */
@NullMarked
package org.spgate.core.session;

import org.jspecify.annotations.NullMarked;
