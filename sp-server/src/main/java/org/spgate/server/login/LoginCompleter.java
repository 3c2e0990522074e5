package org.spgate.server.login;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.attribute.AttributeMapper;
import org.spgate.core.attribute.ScopePolicy;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;
import org.spgate.core.session.SessionStore;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.logging.Events;
import org.spgate.server.metrics.Metrics;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.OverBudget;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionLoader;

/**
 * Ends a successful login, for every protocol: maps the verified assertion's attributes, creates a
 * new session with a fresh id (no fixation: any session the browser had is ended), sets the cookie
 * and sends the browser (303, so a POST becomes a GET) to its same-origin target.
 */
public final class LoginCompleter {

  private final AttributeMapper mapper;
  private final Function<String, ScopePolicy> scopes;
  private final SessionStore store;
  private final SessionCookies cookies;
  private final IdentityHeaders identity;
  private final RedirectPolicy redirects;
  private final Duration lifetime;
  private final boolean bindToAddress;
  private final Clock clock;
  private final Events events;

  /** Collaborators of a login's last step. */
  public record Settings(Duration lifetime, boolean bindToAddress, Clock clock) {}

  public LoginCompleter(
      AttributeMapper mapper,
      Function<String, ScopePolicy> scopes,
      SessionStore store,
      SessionCookies cookies,
      IdentityHeaders identity,
      RedirectPolicy redirects,
      Settings settings,
      Events events) {
    this.mapper = mapper;
    this.scopes = scopes;
    this.store = store;
    this.cookies = cookies;
    this.identity = identity;
    this.redirects = redirects;
    this.lifetime = settings.lifetime();
    this.bindToAddress = settings.bindToAddress();
    this.clock = settings.clock();
    this.events = events;
  }

  /**
   * Creates the session for {@code assertion} and redirects to {@code target} (a path or URL that
   * {@link RedirectPolicy} accepts; anything else goes to the site root).
   */
  public Session complete(
      HttpServerExchange exchange, VerifiedAssertion assertion, @Nullable String target)
      throws Rejection {
    return complete(exchange, assertion, target, null);
  }

  /**
   * {@link #complete(HttpServerExchange, VerifiedAssertion, String)} for the protocol message
   * {@code messageId} (named in the login log line).
   */
  public Session complete(
      HttpServerExchange exchange,
      VerifiedAssertion assertion,
      @Nullable String target,
      @Nullable String messageId)
      throws Rejection {
    Map<String, List<String>> mapped = mapper.map(assertion, scopes.apply(assertion.issuer()));
    Instant now = clock.instant();
    Instant end = now.plus(lifetime);
    if (assertion.sessionNotOnOrAfter() != null && assertion.sessionNotOnOrAfter().isBefore(end)) {
      end = assertion.sessionNotOnOrAfter();
    }
    Session session =
        new Session(
            RandomIds.hex128(),
            assertion.issuer(),
            assertion.protocol(),
            assertion.subject(),
            assertion.sessionIndex(),
            assertion.authnInstant(),
            assertion.authnMethod(),
            assertion.authnContextClass(),
            now.getEpochSecond(),
            end.getEpochSecond(),
            SessionAttributes.of(mapped),
            bindToAddress ? SessionLoader.address(exchange) : null);
    try {
      identity.checkPassable(session);
    } catch (OverBudget e) {
      throw new Rejection(
          Reason.IDENTITY_TOO_LARGE, "identity fits no route's header budget: " + e.getMessage());
    }
    String previous = cookies.read(exchange);
    if (previous != null) {
      store.remove(previous);
    }
    store.put(session);
    cookies.set(exchange, session.id());
    String location =
        target == null ? redirects.ownOrigin() + "/" : redirects.resolveOrRoot(target);
    events.login(
        exchange,
        assertion,
        messageId,
        session,
        identity.remoteUserOf(session),
        identity.remoteUserAttributes(),
        location);
    Metrics.of(exchange).loginSucceeded(assertion.issuer());
    exchange.setStatusCode(StatusCodes.SEE_OTHER);
    exchange.getResponseHeaders().put(Headers.LOCATION, location);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.endExchange();
    return session;
  }
}
