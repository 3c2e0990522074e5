package org.spgate.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@code X-Forwarded-For/-Proto/-Host} only when the TCP peer is a configured trusted proxy
 * (a load balancer terminating TLS in front of spgate), then removes every client-sent {@code
 * X-Forwarded-*} and {@code Forwarded} header in all cases. The proxy handler later sets {@code
 * X-Forwarded-*} for the backend from the (possibly corrected) exchange, so a client can never
 * choose what the backend reads there.
 *
 * <p>Also removed in all cases: the other headers backends and frameworks take as the client's
 * address or as the URL to route ({@code X-Real-IP}, {@code True-Client-IP}, {@code X-Client-IP},
 * {@code X-Cluster-Client-IP}, {@code X-Original-URL}, {@code X-Original-URI}, {@code
 * X-Rewrite-URL}): a backend that routes on {@code X-Original-URL} would otherwise serve {@code
 * /admin} for a request spgate matched as {@code /public} (SECURITY.md P3, P4).
 */
public final class TrustedForwardedHandler implements HttpHandler {

  private static final HttpString FORWARDED = new HttpString("Forwarded");
  private static final HttpString X_ORIGINAL_URI = new HttpString("X-Original-URI");
  private static final HttpString X_FORWARDED_URI = new HttpString("X-Forwarded-Uri");
  private static final HttpString X_FORWARDED_METHOD = new HttpString("X-Forwarded-Method");
  private static final java.util.Set<String> CLIENT_CHOSEN =
      java.util.Set.of(
          "x-real-ip",
          "true-client-ip",
          "x-client-ip",
          "x-cluster-client-ip",
          "x-original-url",
          "x-original-uri",
          "x-rewrite-url");

  private final List<Cidr> trusted;
  private final @Nullable HttpString clientCertHeader;
  private final @Nullable String clientCertNormal;
  private final HttpHandler next;

  public TrustedForwardedHandler(List<String> trustedProxies, HttpHandler next) {
    this(trustedProxies, null, next);
  }

  /**
   * @param clientCertHeader the header a trusted TLS-terminating proxy passes the client
   *     certificate in ({@code clientCert.fromProxy.header}), or null: it is captured from trusted
   *     peers only, and removed from every request in every spelling ({@code _}, {@code -}, {@code
   *     .}, case)
   */
  public TrustedForwardedHandler(
      List<String> trustedProxies, @Nullable String clientCertHeader, HttpHandler next) {
    List<Cidr> ranges = new ArrayList<>();
    for (String spec : trustedProxies) {
      ranges.add(Cidr.parse(spec));
    }
    this.trusted = List.copyOf(ranges);
    this.clientCertHeader = clientCertHeader == null ? null : new HttpString(clientCertHeader);
    this.clientCertNormal = clientCertHeader == null ? null : folded(clientCertHeader);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderMap headers = exchange.getRequestHeaders();
    if (!trusted.isEmpty() && isTrusted(exchange.getSourceAddress())) {
      apply(exchange, headers);
      captureClientCert(exchange, headers);
    }
    List<HttpString> remove = null;
    for (HttpString name : headers.getHeaderNames()) {
      if (clientCertNormal != null
          && name.length() == clientCertNormal.length()
          && clientCertNormal.equals(folded(name.toString()))) {
        if (remove == null) {
          remove = new ArrayList<>();
        }
        remove.add(name);
        continue;
      }
      char first = name.length() == 0 ? ' ' : (char) (name.byteAt(0) | 0x20);
      if (first != 'x' && first != 'f' && first != 't') {
        continue; // cheap: only X-..., Forwarded and True-Client-IP can match below
      }
      String lower = name.toString().toLowerCase(Locale.ROOT).replace('_', '-');
      if (lower.startsWith("x-forwarded-")
          || lower.equals("forwarded")
          || CLIENT_CHOSEN.contains(lower)) {
        if (remove == null) {
          remove = new ArrayList<>();
        }
        remove.add(name);
      }
    }
    if (remove != null) {
      remove.forEach(headers::remove);
    }
    next.handleRequest(exchange);
  }

  private static void apply(HttpServerExchange exchange, HeaderMap headers) {
    String forwardedFor = headers.getLast(Headers.X_FORWARDED_FOR);
    if (forwardedFor != null) {
      String[] hops = forwardedFor.split(",");
      String client = hops[hops.length - 1].trim();
      try {
        if (!client.isEmpty() && Character.digit(client.charAt(0), 16) >= 0
            || client.contains(":")) {
          exchange.setSourceAddress(new InetSocketAddress(InetAddress.getByName(client), 0));
        }
      } catch (UnknownHostException e) {
        // Not an address literal: keep the peer.
      }
    }
    String proto = headers.getFirst(Headers.X_FORWARDED_PROTO);
    if ("https".equals(proto) || "http".equals(proto)) {
      exchange.setRequestScheme(proto);
    }
    String host = headers.getFirst(Headers.X_FORWARDED_HOST);
    if (host != null && !host.isBlank()) {
      headers.put(Headers.HOST, host.trim());
    }
    List<String> originalUri = values(headers, X_ORIGINAL_URI);
    List<String> forwardedUri = values(headers, X_FORWARDED_URI);
    if (!originalUri.isEmpty() || !forwardedUri.isEmpty()) {
      exchange.putAttachment(
          Attachments.FORWARDED_ORIGINAL,
          new ForwardedOriginal(originalUri, forwardedUri, values(headers, X_FORWARDED_METHOD)));
    }
  }

  /** Only the configured spelling is read: a variant is a client's, whatever the proxy let by. */
  private void captureClientCert(HttpServerExchange exchange, HeaderMap headers) {
    if (clientCertHeader == null) {
      return;
    }
    List<String> values = values(headers, clientCertHeader);
    if (!values.isEmpty()) {
      exchange.putAttachment(Attachments.FORWARDED_CLIENT_CERT, new ForwardedClientCert(values));
    }
  }

  /** A header name with case, {@code _} and {@code .} folded, as CGI backends compare them. */
  private static String folded(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  private static List<String> values(HeaderMap headers, HttpString name) {
    io.undertow.util.HeaderValues values = headers.get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  private boolean isTrusted(InetSocketAddress peer) {
    if (peer == null || peer.getAddress() == null) {
      return false;
    }
    for (Cidr range : trusted) {
      if (range.contains(peer.getAddress())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "trusted-forwarded" + trusted + " -> " + next;
  }

  /** An address range: an IP literal or {@code address/prefix}. */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String spec) {
      int slash = spec.indexOf('/');
      try {
        InetAddress address = InetAddress.getByName(slash < 0 ? spec : spec.substring(0, slash));
        byte[] bytes = address.getAddress();
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(spec.substring(slash + 1));
        return new Cidr(bytes, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not an IP address or CIDR range: " + spec, e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (bytes[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        return "?";
      }
    }
  }
}
