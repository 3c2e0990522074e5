package org.spgate.server.proxy.direct;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.spgate.server.proxy.HopByHop;

/**
 * The request head spgate sends to a backend, serialised into one buffer: the request line with the
 * backend's base path, every (already cleaned) request header, and {@code X-Forwarded-For, -Proto,
 * -Server, -Host, -Port} exactly as Undertow's {@code ProxyHandler} writes them with {@code
 * reuseXForwarded=false}: replaced, except a {@code X-Forwarded-Host} already present (spgate's
 * {@code TrustedForwardedHandler} removed any the client sent). A request without {@code Host}
 * (HTTP/1.0) gets the backend's host and port, as a client talking to it directly would send.
 * Public for the upgrade relay.
 */
public final class RequestHead {

  /**
   * Never copied from the client's request: the hop-by-hop fields ({@link HopByHop}, already
   * removed by the cleaner in every spelling; dropped here too so no path can forward them), the
   * framing (written by the engine), {@code Expect} (spgate answers {@code 100-continue} itself, as
   * nginx does) and the {@code X-Forwarded-*} fields spgate writes.
   */
  private static final HttpString[] DROPPED = dropped();

  private static HttpString[] dropped() {
    java.util.List<HttpString> names = new java.util.ArrayList<>();
    HopByHop.NAMES.forEach(n -> names.add(new HttpString(n)));
    HopByHop.FORWARDED.forEach(n -> names.add(new HttpString(n)));
    names.add(Headers.CONTENT_LENGTH);
    names.add(Headers.EXPECT);
    return names.toArray(new HttpString[0]);
  }

  private byte[] buf = new byte[2048];
  private int len;

  private RequestHead() {}

  /**
   * The head of {@code exchange}'s request for a backend whose base path is {@code basePath}.
   *
   * @param defaultHost the {@code Host} sent when the client sent none (HTTP/1.0): the backend's
   * @param extraLines header lines written verbatim after the others, each ending in CRLF: the
   *     framing ({@code Content-Length} / {@code Transfer-Encoding}) or, for an upgrade, {@code
   *     Connection} and {@code Upgrade}
   */
  public static ByteBuffer of(
      HttpServerExchange exchange, String basePath, String defaultHost, String extraLines) {
    RequestHead h = new RequestHead();
    h.put(exchange.getRequestMethod()).put(' ');
    String target = target(exchange);
    if (!basePath.isEmpty() && (!basePath.equals("/") || target.isEmpty())) {
      h.put(basePath);
    }
    h.put(target);
    String query = exchange.getQueryString();
    if (!query.isEmpty()) {
      h.put('?').put(query);
    }
    h.put(" HTTP/1.1\r\n");
    HeaderMap headers = exchange.getRequestHeaders();
    if (!headers.contains(Headers.HOST)) {
      h.field(Headers.HOST, defaultHost);
    }
    for (long c = headers.fastIterateNonEmpty(); c != -1L; c = headers.fiNextNonEmpty(c)) {
      HeaderValues values = headers.fiCurrent(c);
      if (dropped(values.getHeaderName())) {
        continue;
      }
      for (int i = 0; i < values.size(); i++) {
        h.put(values.getHeaderName()).put(": ").put(values.get(i)).put("\r\n");
      }
    }
    InetSocketAddress peer = exchange.getSourceAddress();
    h.field(Headers.X_FORWARDED_FOR, peer == null ? "localhost" : peer.getHostString());
    h.field(
        Headers.X_FORWARDED_PROTO, exchange.getRequestScheme().equals("https") ? "https" : "http");
    String host = exchange.getHostName();
    h.field(Headers.X_FORWARDED_SERVER, host);
    if (!headers.contains(Headers.X_FORWARDED_HOST)) {
      h.field(
          Headers.X_FORWARDED_HOST,
          host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
    }
    h.field(Headers.X_FORWARDED_PORT, Integer.toString(exchange.getHostPort()));
    h.put(extraLines).put("\r\n");
    return ByteBuffer.wrap(h.buf, 0, h.len);
  }

  /** The request target without scheme and authority (absolute-form), as ProxyHandler has it. */
  private static String target(HttpServerExchange exchange) {
    String uri = exchange.getRequestURI();
    if (exchange.isHostIncludedInRequestURI()) {
      int scheme = uri.indexOf("//");
      int path = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
      if (path >= 0) {
        uri = uri.substring(path);
      }
    }
    String resolved = exchange.getResolvedPath();
    if (!resolved.isEmpty() && uri.startsWith(resolved)) {
      uri = uri.substring(resolved.length());
    }
    return uri;
  }

  private static boolean dropped(HttpString name) {
    for (HttpString d : DROPPED) {
      if (d.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private void field(HttpString name, String value) {
    put(name).put(": ").put(value).put("\r\n");
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
  }

  private RequestHead put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
    return this;
  }

  private RequestHead put(HttpString s) {
    ensure(s.length());
    s.copyTo(buf, len);
    len += s.length();
    return this;
  }

  // Header values are ISO-8859-1 (IdentityHeaders encodes everything else), so the low byte of
  // each char is the octet; the deprecated bulk copy is the one without a per-char loop.
  @SuppressWarnings("deprecation")
  private RequestHead put(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, buf, len);
    len += n;
    return this;
  }
}
