/**
 * Route matching on normalised paths and the stages of a routed request that are not about sessions
 * or access: match, clean, identity headers, hand-off to the backend.
 */
@NullMarked
package org.spgate.server.route;

import org.jspecify.annotations.NullMarked;
