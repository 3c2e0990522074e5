package org.spgate.server.session;

import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;

/**
 * Ends the browser's session at spgate, for every way of signing out ({@code /Logout}, a WS-Fed
 * {@code wsignout1.0} / {@code wsignoutcleanup1.0}): removes it from the store, so a copied cookie
 * is worthless, and clears the cookie in the browser.
 */
public final class LocalSignOut {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.login");

  private final SessionLoader sessions;
  private final SessionStore store;
  private final SessionCookies cookies;

  public LocalSignOut(SessionLoader sessions, SessionStore store, SessionCookies cookies) {
    this.sessions = sessions;
    this.store = store;
    this.cookies = cookies;
  }

  /**
   * Ends {@code exchange}'s session, if it has one, and clears the cookie either way.
   *
   * @param how what asked for it, for the log line
   * @return the session that ended
   */
  public Optional<Session> end(HttpServerExchange exchange, String how) {
    Optional<Session> session = sessions.load(exchange);
    session.ifPresent(
        s -> {
          store.remove(s.id());
          LOG.info("{} ended session {}", how, s.publicId());
        });
    cookies.clear(exchange);
    return session;
  }
}
