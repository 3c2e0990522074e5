package org.spgate.core.saml2;

import java.util.Arrays;
import java.util.Base64;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Decodes the base64 form field of the HTTP-POST binding (SAMLResponse, wresult is not base64) with
 * a size cap checked before any allocation proportional to the input.
 */
public final class Base64Message {

  private Base64Message() {}

  /** Decodes {@code value}; line breaks are tolerated (some IdPs wrap at 76 columns). */
  public static byte[] decode(String value, int maxDecodedBytes) throws Rejection {
    if (value.isEmpty()) {
      throw new Rejection(Reason.MISSING_MESSAGE, "empty SAMLResponse");
    }
    if ((long) value.length() * 3 / 4 > maxDecodedBytes + 3L) {
      throw new Rejection(
          Reason.MESSAGE_TOO_LARGE,
          "SAMLResponse of "
              + value.length()
              + " base64 characters exceeds the limit of "
              + maxDecodedBytes
              + " decoded bytes");
    }
    byte[] alphabet = strictAlphabet(value);
    try {
      byte[] decoded = Base64.getDecoder().decode(alphabet);
      if (decoded.length == 0) {
        throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse decodes to nothing");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse is not base64: " + e.getMessage());
    }
  }

  /**
   * The base64 characters of {@code value} as bytes, line breaks and spaces removed; any other
   * character is refused (a lenient MIME decoder would skip it silently). One pass over a bulk copy
   * of the characters: this runs on every login over tens of kilobytes.
   */
  private static byte[] strictAlphabet(String value) throws Rejection {
    char[] chars = new char[value.length()];
    value.getChars(0, chars.length, chars, 0);
    byte[] out = new byte[chars.length];
    int n = 0;
    for (char c : chars) {
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/'
          || c == '=') {
        out[n++] = (byte) c;
      } else if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
        throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse contains non-base64 characters");
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
