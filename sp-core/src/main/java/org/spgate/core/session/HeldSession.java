package org.spgate.core.session;

import java.time.Instant;

/**
 * A live session as the in-process store holds it, with the moment it ends for inactivity unless
 * used again: what {@code sessions.persist} writes and restores, so a restart neither extends nor
 * shortens the idle deadline.
 *
 * @param session the session
 * @param idleEnd when the session ends unless it is used before (never past its absolute end)
 */
public record HeldSession(Session session, Instant idleEnd) {}
