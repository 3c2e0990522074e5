package org.spgate.core.assertion;

import java.time.Instant;
import org.spgate.core.check.Rejection;

/**
 * Remembers consumed assertion IDs per issuer until the assertion could no longer be accepted
 * anyway (its latest NotOnOrAfter plus the clock skew), so each is accepted once — by every node
 * when the cache is shared (Redis).
 */
public interface ReplayCache {

  /**
   * Records {@code id} of {@code issuer} as consumed until {@code keepUntil}; atomic, so of two
   * concurrent posts of the same assertion exactly one wins. May block (consumers run on workers).
   *
   * @throws Rejection {@link org.spgate.core.check.Reason#REPLAYED} when it was consumed before
   * @throws org.spgate.core.session.SessionStoreException if a shared cache cannot be reached
   */
  void consume(String issuer, String id, Instant keepUntil) throws Rejection;

  /** Entries currently held (approximate; -1 when a shared cache cannot count cheaply). */
  long size();
}
