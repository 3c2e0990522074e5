/** Clock adapters: the only place that turns a java.time.Clock into other time sources. */
@NullMarked
package org.spgate.core.time;

import org.jspecify.annotations.NullMarked;
