package org.spgate.core.config;

import java.time.Duration;

/**
 * Limits of the server-side session store.
 *
 * @param lifetime absolute lifetime of a session, from login
 * @param timeout inactivity after which a session ends
 * @param maxSessions how many sessions are kept at most (the oldest are evicted)
 */
public record SessionConfig(Duration lifetime, Duration timeout, long maxSessions) {}
