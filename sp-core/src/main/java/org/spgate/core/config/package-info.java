/**
 * Configuration: immutable records read once at start, and the problems found while reading them.
 */
@NullMarked
package org.spgate.core.config;

import org.jspecify.annotations.NullMarked;
