package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The request head spgate sends to a backend, serialised into one buffer: the request line with the
 * backend's base path, every (already cleaned) request header, and {@code X-Forwarded-For, -Proto,
 * -Server, -Host, -Port} exactly as Undertow's {@code ProxyHandler} writes them with {@code
 * reuseXForwarded=false}: replaced, except a {@code X-Forwarded-Host} already present (spgate's
 * {@code TrustedForwardedHandler} removed any the client sent).
 */
public final class RequestHead {

  private static final HttpString[] DROPPED = {
    Headers.CONNECTION,
    Headers.KEEP_ALIVE,
    new HttpString("Proxy-Connection"),
    Headers.TE,
    Headers.TRAILER,
    Headers.TRANSFER_ENCODING,
    Headers.UPGRADE,
    Headers.X_FORWARDED_FOR,
    Headers.X_FORWARDED_PROTO,
    Headers.X_FORWARDED_SERVER,
    Headers.X_FORWARDED_PORT
  };

  private byte[] buf = new byte[2048];
  private int len;

  private RequestHead() {}

  /** The head of {@code exchange}'s request for a backend whose base path is {@code basePath}. */
  public static ByteBuffer of(HttpServerExchange exchange, String basePath) {
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
    h.put("\r\n");
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
