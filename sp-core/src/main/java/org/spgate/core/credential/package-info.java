/** The SP's own keys and certificates: PEM loading and self-signed generation. */
@NullMarked
package org.spgate.core.credential;

import org.jspecify.annotations.NullMarked;
