package org.spgate.server.proxy;

import io.undertow.util.HttpString;
import java.util.HashSet;
import java.util.Set;

/**
 * The one definition of which header fields stop at spgate, for requests and responses alike: the
 * hop-by-hop fields (RFC 9110 7.6.1, RFC 9112, plus {@code Proxy-Connection}, {@code Keep-Alive}
 * and {@code HTTP2-Settings} that old and h2c clients send), every field named in a {@code
 * Connection} header, and the {@code X-Forwarded-*} fields spgate writes itself. Names are compared
 * in {@link HeaderNames#normal} form.
 *
 * <p>{@code Transfer-Encoding} and {@code Content-Length} are message framing: they are never
 * copied from one side to the other (the engine writes the framing of what it sends), and a {@code
 * Connection} header cannot name them, nor {@code Host}.
 */
public final class HopByHop {

  /** Hop-by-hop names in normal form. */
  public static final Set<String> NAMES =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "http2-settings");

  /** Names a {@code Connection} header may not turn into hop-by-hop ones. */
  private static final Set<String> PROTECTED =
      Set.of("host", "content-length", "transfer-encoding");

  /** The {@code X-Forwarded-*} fields spgate replaces on every forwarded request. */
  public static final Set<String> FORWARDED =
      Set.of("x-forwarded-for", "x-forwarded-proto", "x-forwarded-server", "x-forwarded-port");

  private HopByHop() {}

  /** Whether {@code normal} (a name in normal form) is hop-by-hop by itself. */
  public static boolean isHopByHop(String normal) {
    return NAMES.contains(normal);
  }

  /** Whether {@code name} is replaced by spgate's own {@code X-Forwarded-*} value. */
  public static boolean isForwarded(HttpString name) {
    return name.length() > 12
        && (name.equalToString("X-Forwarded-For")
            || name.equalToString("X-Forwarded-Proto")
            || name.equalToString("X-Forwarded-Server")
            || name.equalToString("X-Forwarded-Port"));
  }

  /**
   * The names (normal form) that the {@code Connection} header values {@code values} declare
   * hop-by-hop, without {@code close}, {@code keep-alive} and {@code upgrade} tokens' meaning lost:
   * they are names too.
   */
  public static Set<String> connectionTokens(Iterable<String> values) {
    Set<String> tokens = new HashSet<>();
    for (String value : values) {
      for (String token : value.split(",")) {
        String t = HeaderNames.normal(token.trim());
        if (!t.isEmpty() && !PROTECTED.contains(t)) {
          tokens.add(t);
        }
      }
    }
    return tokens;
  }

  /** Whether the {@code Connection} header values {@code values} contain {@code token}. */
  public static boolean hasToken(Iterable<String> values, String token) {
    for (String value : values) {
      for (String t : value.split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
