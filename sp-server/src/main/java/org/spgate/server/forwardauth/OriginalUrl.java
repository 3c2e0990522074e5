package org.spgate.server.forwardauth;

import io.undertow.server.HttpServerExchange;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.ForwardedOriginal;

/**
 * The request a forward-auth check is about, from the headers a trusted proxy sent ({@code
 * X-Original-URI}, else {@code X-Forwarded-Uri}; host and scheme were already applied from {@code
 * X-Forwarded-Host}/{@code -Proto} by the trusted-forwarded stage). Fails closed: no trusted
 * description, a value given twice, or the two headers disagreeing is a refusal, since a client
 * could have added the header the proxy does not overwrite.
 *
 * @param rawPath the path as sent (percent-encoded), starting with '/'
 * @param rawQuery the query without '?', or empty
 * @param method the original method when the proxy named it, for the log
 */
record OriginalUrl(String rawPath, String rawQuery, @Nullable String method) {

  static OriginalUrl of(HttpServerExchange exchange) throws Rejection {
    ForwardedOriginal forwarded = exchange.getAttachment(Attachments.FORWARDED_ORIGINAL);
    if (forwarded == null) {
      throw new Rejection(
          Reason.FORWARD_AUTH_NO_ORIGINAL,
          "no X-Original-URI or X-Forwarded-Uri from a trusted proxy (peer "
              + exchange.getSourceAddress()
              + "; proxy.trustedProxies decides whose are read)");
    }
    String original = single(forwarded.originalUri(), "X-Original-URI");
    String forwardedUri = single(forwarded.forwardedUri(), "X-Forwarded-Uri");
    if (original != null && forwardedUri != null && !original.equals(forwardedUri)) {
      throw bad("X-Original-URI and X-Forwarded-Uri disagree");
    }
    String uri = original != null ? original : forwardedUri;
    if (uri == null || !uri.startsWith("/") || uri.startsWith("//")) {
      throw bad("the original URL is not a path");
    }
    String method = single(forwarded.forwardedMethod(), "X-Forwarded-Method");
    int q = uri.indexOf('?');
    return q < 0
        ? new OriginalUrl(uri, "", method)
        : new OriginalUrl(uri.substring(0, q), uri.substring(q + 1), method);
  }

  private static @Nullable String single(List<String> values, String name) throws Rejection {
    if (values.size() > 1) {
      throw bad(name + " given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.get(0).trim();
  }

  private static Rejection bad(String why) {
    return new Rejection(Reason.FORWARD_AUTH_BAD_ORIGINAL, why);
  }

  /** Path and query as the proxy received them. */
  String pathAndQuery() {
    return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
  }
}
