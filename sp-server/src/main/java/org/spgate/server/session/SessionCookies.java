package org.spgate.server.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.server.handlers.CookieSameSiteMode;
import io.undertow.util.Headers;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.CookieConfig;
import org.spgate.server.http.CookieHeader;

/**
 * The session cookie: {@code HttpOnly}, {@code Path=/}, {@code SameSite} and {@code Secure} as
 * configured, no {@code Domain} (so a {@code __Host-} name is valid and sibling hosts never see
 * it), no expiry (a browser session cookie; the server enforces lifetime and idle timeout).
 */
public final class SessionCookies {

  private final CookieConfig config;

  public SessionCookies(CookieConfig config) {
    this.config = config;
  }

  /** The cookie name. */
  public String name() {
    return config.name();
  }

  /** The session id the request carries, or {@code null}. Malformed values count as none. */
  public @Nullable String read(HttpServerExchange exchange) {
    String value =
        CookieHeader.firstValue(exchange.getRequestHeaders().get(Headers.COOKIE), name());
    return value != null && isWellFormed(value) ? value : null;
  }

  /** Sets the cookie for a new session. */
  public void set(HttpServerExchange exchange, String sessionId) {
    exchange.setResponseCookie(base(sessionId));
  }

  /** Clears the cookie. */
  public void clear(HttpServerExchange exchange) {
    CookieImpl cookie = base("");
    cookie.setMaxAge(0);
    cookie.setExpires(new java.util.Date(0));
    exchange.setResponseCookie(cookie);
  }

  private CookieImpl base(String value) {
    CookieImpl cookie = new CookieImpl(config.name(), value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSecure(config.secure());
    cookie.setSameSiteMode(CookieSameSiteMode.lookupModeString(config.sameSite()));
    return cookie;
  }

  private static boolean isWellFormed(String value) {
    if (value.length() != 32) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
