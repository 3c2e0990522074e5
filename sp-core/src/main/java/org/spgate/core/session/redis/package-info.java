/** Sessions and shared login state in Redis, for several spgate nodes (Lettuce). */
@NullMarked
package org.spgate.core.session.redis;

import org.jspecify.annotations.NullMarked;
