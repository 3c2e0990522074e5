package org.spgate.server.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cleans a client's request before it is forwarded: removes every header whose normalised name
 * collides with an identity header (in every spelling: {@code REMOTE_USER}, {@code remote-user},
 * {@code Remote_User}, the attribute ids with and without prefix), the hop-by-hop headers and
 * those named in {@code Connection} (RFC 9110 7.6.1), and spgate's session cookie from {@code
 * Cookie}. Runs on every route, protected or not.
 */
public final class RequestCleaner {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade",
      "http2-settings");

  private final IdentityHeaders identity;
  private final String cookieName;

  public RequestCleaner(IdentityHeaders identity, String cookieName) {
    this.identity = identity;
    this.cookieName = cookieName;
  }

  /** Cleans {@code headers} in place. */
  public void clean(HeaderMap headers) {
    List<HttpString> remove = null;
    Set<String> named = connectionTokens(headers);
    for (HttpString name : headers.getHeaderNames()) {
      String text = name.toString();
      String lower = text.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || named.contains(lower) || identity.isSpoofable(text)) {
        if (remove == null) {
          remove = new ArrayList<>();
        }
        remove.add(name);
      }
    }
    if (remove != null) {
      remove.forEach(headers::remove);
    }
    stripCookie(headers);
  }

  private static Set<String> connectionTokens(HeaderMap headers) {
    HeaderValues connection = headers.get(Headers.CONNECTION);
    if (connection == null) {
      return Set.of();
    }
    Set<String> tokens = new java.util.HashSet<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        // Never let a client name an end-to-end header we rely on as hop-by-hop.
        if (!t.isEmpty() && !t.equals("host") && !t.equals("content-length")
            && !t.equals("transfer-encoding")) {
          tokens.add(t);
        }
      }
    }
    return tokens;
  }

  private void stripCookie(HeaderMap headers) {
    HeaderValues cookies = headers.get(Headers.COOKIE);
    if (cookies == null) {
      return;
    }
    List<String> kept = new ArrayList<>();
    boolean changed = false;
    for (String header : cookies) {
      StringBuilder rebuilt = new StringBuilder();
      for (String pair : header.split(";")) {
        String trimmed = pair.trim();
        int eq = trimmed.indexOf('=');
        String name = eq < 0 ? trimmed : trimmed.substring(0, eq).trim();
        if (name.equals(cookieName)) {
          changed = true;
          continue;
        }
        if (!trimmed.isEmpty()) {
          if (rebuilt.length() > 0) {
            rebuilt.append("; ");
          }
          rebuilt.append(trimmed);
        }
      }
      if (rebuilt.length() > 0) {
        kept.add(rebuilt.toString());
      }
    }
    if (changed) {
      headers.remove(Headers.COOKIE);
      if (!kept.isEmpty()) {
        headers.put(Headers.COOKIE, String.join("; ", kept));
      }
    }
  }
}
