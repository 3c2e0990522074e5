package org.spgate.server.access;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.Attributes;
import org.spgate.core.access.Decision;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.http.CertificateIdentity;

/**
 * Whether a request may reach its backend: the route's protection ({@code required} needs a
 * session) and then every access rule of the routes that guard the path (see {@code
 * Routes.Match#guards()}), asked about the session's attributes. On routes with {@code identity:
 * certificate} a verified client certificate is a user too. Every route and every future endpoint
 * asks this one place.
 */
public final class AccessDecision {

  /** What happens to the request. */
  public enum Outcome {
    /** The request goes on to the backend. */
    ALLOW,
    /** The user must log in first; the request is replayed (as a GET) afterwards. */
    LOGIN,
    /** The user has a session (or a certificate identity) but fails an access rule: 403. */
    DENY,
    /**
     * No session, and on a route with {@code identity: certificate} a verified certificate that
     * names no user: 403 with {@code CLIENT_CERTIFICATE_NO_USER}.
     */
    NO_USER
  }

  /**
   * A decision and, when denied, what failed.
   *
   * @param outcome what happens
   * @param route the guarding route whose rule failed (when denied)
   * @param failed the requirement that failed, without the user's values (when denied)
   * @param certificateUser the user named by the client certificate when, without a session, the
   *     certificate is the request's user (allowed or denied); null otherwise
   */
  public record Result(
      Outcome outcome,
      @Nullable RouteConfig route,
      @Nullable String failed,
      @Nullable String certificateUser) {}

  private static final Result ALLOW = new Result(Outcome.ALLOW, null, null, null);
  private static final Result LOGIN = new Result(Outcome.LOGIN, null, null, null);
  private static final Result NO_USER = new Result(Outcome.NO_USER, null, null, null);

  /** The decision for a request on routes {@code guards} with protection {@code auth}. */
  public Result decide(AuthMode auth, List<RouteConfig> guards, @Nullable Session session) {
    return decide(auth, guards, session, null);
  }

  /**
   * The decision for a request that may also carry a verified client certificate: the session is
   * the user when there is one (rules also see the certificate's {@code cert.*} attributes);
   * without a session, the certificate is the user when every guarding route says {@code identity:
   * certificate} (the strictest reading of a case variant, as for {@code auth}).
   */
  public Result decide(
      AuthMode auth,
      List<RouteConfig> guards,
      @Nullable Session session,
      @Nullable CertificateIdentity certificate) {
    if (session != null) {
      return rules(guards, withCertificate(session, certificate), null);
    }
    if (certificate == null || auth == AuthMode.NONE || !certificateIsUser(guards)) {
      return auth == AuthMode.REQUIRED ? LOGIN : ALLOW;
    }
    String user = certificate.user();
    if (user == null) {
      return NO_USER;
    }
    return rules(guards, certificate::values, user);
  }

  private static boolean certificateIsUser(List<RouteConfig> guards) {
    return !guards.isEmpty() && guards.stream().allMatch(RouteConfig::certificateIdentity);
  }

  /** The session's attributes, with {@code cert.*} from the certificate (never the session). */
  private static Attributes withCertificate(
      Session session, @Nullable CertificateIdentity certificate) {
    return id ->
        id.startsWith(CertificateIdentity.PREFIX)
            ? certificate == null ? List.of() : certificate.values(id)
            : session.attributes().get(id);
  }

  private static Result rules(
      List<RouteConfig> guards, Attributes user, @Nullable String certificateUser) {
    for (RouteConfig guard : guards) {
      if (guard.access() != null) {
        Decision decision = guard.access().decide(user);
        if (!decision.allowed()) {
          return new Result(Outcome.DENY, guard, decision.failed(), certificateUser);
        }
      }
    }
    return certificateUser == null ? ALLOW : new Result(Outcome.ALLOW, null, null, certificateUser);
  }
}
