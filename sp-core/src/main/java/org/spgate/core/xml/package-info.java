/**
 * The one hardened XML parser for untrusted messages and located parsing for configuration files.
 */
@NullMarked
package org.spgate.core.xml;

import org.jspecify.annotations.NullMarked;
