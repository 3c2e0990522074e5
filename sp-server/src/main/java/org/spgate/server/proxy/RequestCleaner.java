package org.spgate.server.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cleans a client's request before it is forwarded: removes every header whose normalised name
 * collides with an identity header (in every spelling: {@code REMOTE_USER}, {@code remote-user},
 * {@code Remote_User}, the attribute ids with and without prefix), the hop-by-hop headers and those
 * named in {@code Connection} (RFC 9110 7.6.1), and spgate's session cookie from {@code Cookie}.
 * Runs on every route, protected or not.
 */
public final class RequestCleaner {

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "proxy-authenticate",
          "te",
          "trailer",
          "upgrade",
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
      // One normal form per name: hop-by-hop names have no '_' of their own, so folding '_' to
      // '-' also catches "Keep_Alive" spellings, which a CGI backend would merge anyway.
      String normal = HeaderNames.normal(name.toString());
      if (HOP_BY_HOP.contains(normal)
          || named.contains(normal)
          || identity.isSpoofableNormal(normal)
          || isClientCertificateVariable(normal)) {
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

  /**
   * mod_ssl's {@code SSL_CLIENT_*} variables, which only spgate's client-certificate stage may set:
   * in every spelling ({@code ssl-client-s-dn}, {@code SSL.CLIENT.S.DN}), on every route.
   */
  private static boolean isClientCertificateVariable(String normal) {
    return normal.replace('.', '-').startsWith("ssl-client-");
  }

  private static Set<String> connectionTokens(HeaderMap headers) {
    HeaderValues connection = headers.get(Headers.CONNECTION);
    if (connection == null) {
      return Set.of();
    }
    Set<String> tokens = new java.util.HashSet<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String t = HeaderNames.normal(token.trim());
        // Never let a client name an end-to-end header we rely on as hop-by-hop.
        if (!t.isEmpty()
            && !t.equals("host")
            && !t.equals("content-length")
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
    boolean mentioned = false;
    for (String header : cookies) {
      mentioned |= header.contains(cookieName);
    }
    if (!mentioned) {
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
