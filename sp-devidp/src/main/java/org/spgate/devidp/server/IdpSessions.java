package org.spgate.devidp.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The development IdP's own sign-ins, by a cookie on the IdP's origin: while one lives, the next
 * AuthnRequest is answered at once (single sign-on, no form), and a single logout ends it. Kept in
 * memory, at most {@link #MAX_SESSIONS} (the oldest go first; a demo has a handful).
 */
final class IdpSessions {

  static final String COOKIE = "devidp_session";
  static final int MAX_SESSIONS = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One sign-in: who, the NameID the SP knows them by, and the SessionIndex of the login. */
  record IdpSession(String id, DevUser user, String nameId, String sessionIndex) {}

  private final Map<String, IdpSession> sessions = new ConcurrentHashMap<>();

  /** A new session of {@code user} known to the SP as {@code nameId}; set its cookie with it. */
  IdpSession create(HttpServerExchange exchange, DevUser user, String nameId) {
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.keySet().stream().findAny().ifPresent(sessions::remove);
    }
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    IdpSession session =
        new IdpSession(
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
            user,
            nameId,
            "_devidp-" + UUID.randomUUID());
    sessions.put(session.id(), session);
    exchange.setResponseCookie(cookie(session.id()).setMaxAge(-1));
    return session;
  }

  /** The session of the request's cookie, if it still lives. */
  @Nullable IdpSession find(HttpServerExchange exchange) {
    Cookie cookie = exchange.getRequestCookie(COOKIE);
    return cookie == null ? null : sessions.get(cookie.getValue());
  }

  /** Ends the request's session, if any, and clears its cookie; returns what was ended. */
  @Nullable IdpSession end(HttpServerExchange exchange) {
    IdpSession session = find(exchange);
    if (session != null) {
      sessions.remove(session.id());
    }
    exchange.setResponseCookie(cookie("").setMaxAge(0));
    return session;
  }

  /**
   * Ends every session of {@code nameId} — only the one with {@code sessionIndex} when given — as
   * an SP's LogoutRequest asks; returns how many ended.
   */
  int endSessionsOf(String nameId, @Nullable String sessionIndex) {
    int ended = 0;
    for (IdpSession session : sessions.values()) {
      if (session.nameId().equals(nameId)
          && (sessionIndex == null || Objects.equals(sessionIndex, session.sessionIndex()))
          && sessions.remove(session.id(), session)) {
        ended++;
      }
    }
    return ended;
  }

  private static CookieImpl cookie(String value) {
    CookieImpl cookie = new CookieImpl(COOKIE, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSiteMode("Lax");
    return cookie;
  }
}
