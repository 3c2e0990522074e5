package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The request framing spgate forwards (RFC 9112 6): a body delimited by one {@code Content-Length}
 * or by {@code Transfer-Encoding: chunked} and nothing else. Undertow decodes any {@code
 * Transfer-Encoding} value as chunked; a backend that reads the same value differently would take
 * part of the body as a second request, so everything else is refused before a byte is forwarded: a
 * coding other than chunked (501), chunked not the only and final coding, both headers, two
 * different lengths, or {@code Transfer-Encoding} from an HTTP/1.0 client (400).
 */
public final class RequestFraming {

  private RequestFraming() {}

  /** Why the framing of {@code exchange}'s request is refused, or null if it is forwarded. */
  public static @Nullable Rejection check(HttpServerExchange exchange) {
    HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
    HeaderValues cl = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
    if (cl != null && cl.size() > 1) {
      for (String v : cl) {
        if (!v.trim().equals(cl.getFirst().trim())) {
          return refuse(Reason.BAD_REQUEST_FRAMING, "conflicting Content-Length");
        }
      }
    }
    if (te == null) {
      return null;
    }
    if (!exchange.getProtocol().equals(Protocols.HTTP_1_1)) {
      return refuse(Reason.BAD_REQUEST_FRAMING, "Transfer-Encoding in an HTTP/1.0 request");
    }
    int codings = 0;
    int chunked = 0;
    boolean chunkedLast = false;
    boolean unknown = false;
    for (String value : te) {
      for (String token : value.split(",")) {
        String t = token.trim();
        if (t.isEmpty()) {
          continue;
        }
        codings++;
        chunkedLast = t.equalsIgnoreCase("chunked");
        if (chunkedLast) {
          chunked++;
        } else {
          unknown = true;
        }
      }
    }
    String shown = String.join(", ", te);
    if (codings == 0 || chunked > 1 || (chunked == 1 && !chunkedLast)) {
      return refuse(Reason.BAD_REQUEST_FRAMING, "Transfer-Encoding '" + shown + "'");
    }
    if (unknown) {
      return refuse(Reason.UNSUPPORTED_TRANSFER_CODING, "Transfer-Encoding '" + shown + "'");
    }
    if (cl != null) {
      return refuse(Reason.BAD_REQUEST_FRAMING, "both Transfer-Encoding and Content-Length");
    }
    return null;
  }

  private static Rejection refuse(Reason reason, String detail) {
    return new Rejection(reason, detail);
  }
}
