package org.spgate.server.access;

import org.jspecify.annotations.Nullable;
import org.spgate.core.config.AuthMode;
import org.spgate.core.session.Session;

/**
 * Whether a request may reach its backend. Today the rule is the route's protection alone: {@code
 * required} needs a session, {@code optional} and {@code none} let everyone through. Rules on
 * attributes belong here, so that every route and every future endpoint asks one place.
 */
public final class AccessDecision {

  /** What happens to the request. */
  public enum Outcome {
    /** The request goes on to the backend. */
    ALLOW,
    /** The user must log in first; the request is replayed (as a GET) afterwards. */
    LOGIN
  }

  /** The decision for a request on a route with protection {@code auth}. */
  public Outcome decide(AuthMode auth, @Nullable Session session) {
    return auth == AuthMode.REQUIRED && session == null ? Outcome.LOGIN : Outcome.ALLOW;
  }
}
