/**
 * The access decision: rules on a user's attributes (values, levels, allow-lists and their {@code
 * all} / {@code any} / {@code not} combinations) and the decision they give, with the requirement
 * that failed. No HTTP here: the server only applies a {@link org.spgate.core.access.Decision}.
 */
@NullMarked
package org.spgate.core.access;

import org.jspecify.annotations.NullMarked;
