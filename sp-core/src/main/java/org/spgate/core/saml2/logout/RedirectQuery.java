package org.spgate.core.saml2.logout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The query string of an HTTP-Redirect binding message, kept as received: each parameter's raw
 * (still percent-encoded) value is what the signature covers (SAML bindings 3.4.4.1), so the signed
 * octets are rebuilt from those raw values and never from a decode-then-encode round trip (which
 * would let a different encoding of the same value verify, or a correct one fail).
 */
public final class RedirectQuery {

  private final Map<String, String> raw;

  private RedirectQuery(Map<String, String> raw) {
    this.raw = raw;
  }

  /**
   * Splits {@code rawQuery} (without the leading '?') into parameters.
   *
   * @throws Rejection {@link Reason#BAD_ENCODING} when a parameter appears twice or a value is not
   *     valid percent-encoding
   */
  public static RedirectQuery parse(@Nullable String rawQuery) throws Rejection {
    Map<String, String> raw = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        if (raw.putIfAbsent(name, value) != null) {
          throw new Rejection(Reason.BAD_ENCODING, "query parameter '" + name + "' repeated");
        }
        decode(name, value);
      }
    }
    return new RedirectQuery(raw);
  }

  /** The raw (percent-encoded, as received) value of {@code name}, or null. */
  public @Nullable String raw(String name) {
    return raw.get(name);
  }

  /** The decoded value of {@code name}, or null. */
  public @Nullable String value(String name) throws Rejection {
    String value = raw.get(name);
    return value == null ? null : decode(name, value);
  }

  /**
   * The octets the signature covers: {@code messageParam=…[&RelayState=…]&SigAlg=…}, in that fixed
   * order, each value exactly as received.
   */
  String signedOctets(String messageParam) {
    StringBuilder octets =
        new StringBuilder(messageParam).append('=').append(raw.get(messageParam));
    String relayState = raw.get("RelayState");
    if (relayState != null) {
      octets.append("&RelayState=").append(relayState);
    }
    return octets.append("&SigAlg=").append(raw.get("SigAlg")).toString();
  }

  private static String decode(String name, String value) throws Rejection {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.BAD_ENCODING, "query parameter '" + name + "' badly encoded");
    }
  }
}
