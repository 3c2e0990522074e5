package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cleans a client's request before it is forwarded: removes every header whose normalised name
 * collides with an identity header (in every spelling: {@code REMOTE_USER}, {@code remote-user},
 * {@code Remote_User}, {@code Remote.User}, the attribute ids with and without prefix: {@link
 * HeaderNames#normal}), the hop-by-hop headers and those named in {@code Connection} ({@link
 * HopByHop}), every spelling of the {@code X-Forwarded-*} fields spgate writes and of the
 * client-certificate headers (mod_ssl's {@code SSL_CLIENT_*} and the configured names), and
 * spgate's session cookie from {@code Cookie}. Runs on every route, protected or not.
 */
public final class RequestCleaner {

  /**
   * The framing fields stay on the exchange for the engine, which checks them and writes its own
   * framing toward the backend; everything else hop-by-hop is removed here.
   */
  private static final Set<String> FRAMING = Set.of("transfer-encoding");

  private final IdentityHeaders identity;
  private final String cookieName;
  private final Set<String> clientCertNames;

  public RequestCleaner(IdentityHeaders identity, String cookieName) {
    this(identity, cookieName, List.of());
  }

  /**
   * @param clientCertNames the configured names of the client-certificate headers ({@code
   *     clientCert.headers}), removed in every spelling beside mod_ssl's {@code SSL_CLIENT_*}
   */
  public RequestCleaner(IdentityHeaders identity, String cookieName, List<String> clientCertNames) {
    this.identity = identity;
    this.cookieName = cookieName;
    this.clientCertNames =
        clientCertNames.stream().map(HeaderNames::normal).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Cleans the request of {@code exchange} in place, and honours {@code Connection: close} given
   * among other tokens ({@code Connection: X-Foo, close}), which Undertow only sees when it is the
   * whole value.
   */
  public void clean(HttpServerExchange exchange) {
    HeaderMap headers = exchange.getRequestHeaders();
    HeaderValues connection = headers.get(Headers.CONNECTION);
    if (connection != null && HopByHop.hasToken(connection, "close")) {
      exchange.setPersistent(false);
    }
    clean(headers);
  }

  /** Cleans {@code headers} in place. */
  public void clean(HeaderMap headers) {
    List<HttpString> remove = null;
    Set<String> named = connectionTokens(headers);
    for (HttpString name : headers.getHeaderNames()) {
      // One normal form per name (HeaderNames): hop-by-hop names have no '_' or '.' of their
      // own, so folding them also catches "Keep_Alive" spellings, which a CGI backend would merge
      // anyway; X-Forwarded-* in any spelling is replaced by spgate's own values.
      String normal = HeaderNames.normal(name.toString());
      if ((HopByHop.isHopByHop(normal) && !FRAMING.contains(normal))
          || HopByHop.FORWARDED.contains(normal)
          || named.contains(normal)
          || identity.isSpoofableNormal(normal)
          || isClientCertificateVariable(normal)
          || clientCertNames.contains(normal)) {
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
    return connection == null ? Set.of() : HopByHop.connectionTokens(connection);
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
