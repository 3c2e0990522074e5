package org.spgate.server.access;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.Decision;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;

/**
 * Whether a request may reach its backend: the route's protection ({@code required} needs a
 * session) and then every access rule of the routes that guard the path (see {@code
 * Routes.Match#guards()}), asked about the session's attributes. Every route and every future
 * endpoint asks this one place.
 */
public final class AccessDecision {

  /** What happens to the request. */
  public enum Outcome {
    /** The request goes on to the backend. */
    ALLOW,
    /** The user must log in first; the request is replayed (as a GET) afterwards. */
    LOGIN,
    /** The user has a session but fails an access rule: 403. */
    DENY
  }

  /**
   * A decision and, when denied, what failed.
   *
   * @param outcome what happens
   * @param route the guarding route whose rule failed (when denied)
   * @param failed the requirement that failed, without the user's values (when denied)
   */
  public record Result(Outcome outcome, @Nullable RouteConfig route, @Nullable String failed) {}

  private static final Result ALLOW = new Result(Outcome.ALLOW, null, null);
  private static final Result LOGIN = new Result(Outcome.LOGIN, null, null);

  /** The decision for a request on routes {@code guards} with protection {@code auth}. */
  public Result decide(AuthMode auth, List<RouteConfig> guards, @Nullable Session session) {
    if (session == null) {
      return auth == AuthMode.REQUIRED ? LOGIN : ALLOW;
    }
    for (RouteConfig guard : guards) {
      if (guard.access() != null) {
        Decision decision = guard.access().decide(session.attributes()::get);
        if (!decision.allowed()) {
          return new Result(Outcome.DENY, guard, decision.failed());
        }
      }
    }
    return ALLOW;
  }
}
