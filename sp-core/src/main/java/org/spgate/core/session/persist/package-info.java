/**
 * The session file of {@code sessions.persist}: the in-process store's sessions and consumed
 * assertions kept across a restart, sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
 * the SP's first private key, written atomically.
 */
@NullMarked
package org.spgate.core.session.persist;

import org.jspecify.annotations.NullMarked;
