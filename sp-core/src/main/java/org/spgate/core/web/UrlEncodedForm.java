package org.spgate.core.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The fields of an {@code application/x-www-form-urlencoded} body (WHATWG URL, "urlencoded
 * parsing"): split on {@code &}, name and value split at the first {@code =}, {@code +} is a space,
 * {@code %XX} a byte, the bytes UTF-8. A malformed percent escape is refused rather than passed on
 * literally, and a field that a consumer reads must not be repeated.
 */
public final class UrlEncodedForm {

  private final List<String> namesAndValues;

  private UrlEncodedForm(List<String> namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /** Parses {@code body}. */
  public static UrlEncodedForm parse(byte[] body) throws Rejection {
    List<String> fields = new ArrayList<>();
    byte[] scratch = new byte[body.length];
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        int eq = indexOf(body, (byte) '=', start, end);
        fields.add(decode(body, start, eq, scratch));
        fields.add(eq == end ? "" : decode(body, eq + 1, end, scratch));
      }
      start = end + 1;
    }
    return new UrlEncodedForm(fields);
  }

  /** The value of {@code name}, or {@code null} when absent; a repeated field is refused. */
  public @Nullable String single(String name) throws Rejection {
    String found = null;
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equals(name)) {
        if (found != null) {
          throw new Rejection(Reason.UNEXPECTED_MESSAGE, "form field " + name + " repeated");
        }
        found = namesAndValues.get(i + 1);
      }
    }
    return found;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return to;
  }

  private static String decode(byte[] in, int from, int to, byte[] out) throws Rejection {
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = in[i];
      if (b == '+') {
        out[n++] = ' ';
      } else if (b == '%') {
        int hi = i + 2 < to ? hex(in[i + 1]) : -1;
        int lo = hi < 0 ? -1 : hex(in[i + 2]);
        if (lo < 0) {
          throw new Rejection(
              Reason.BAD_ENCODING, "form body has a malformed percent escape at byte " + i);
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
