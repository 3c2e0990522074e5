package org.spgate.core.metadata;

import java.util.Optional;
import org.spgate.core.check.Rejection;

/**
 * IdPs found on demand, one entityID at a time (a Metadata Query responder), behind the IdPs the
 * {@link IdpRegistry} holds from files and aggregates. Implementations bound what they fetch and
 * remember, and only return metadata that passed the same checks as a whole document.
 */
public interface IdpLookup {

  /**
   * The IdP named {@code entityId}, fetched if it is not remembered. May block on the network (for
   * a bounded time): called only from worker threads, which verify messages anyway.
   *
   * @throws Rejection with {@code UNKNOWN_ISSUER} when it cannot be found, was refused, or the
   *     lookup's budget is spent; the detail says which
   */
  IdpDescriptor resolve(String entityId) throws Rejection;

  /** The IdP named {@code entityId} if it is remembered and still valid; never fetches. */
  Optional<IdpDescriptor> remembered(String entityId);
}
