package org.spgate.core.saml2;

import java.nio.charset.StandardCharsets;
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
   * character is refused (a lenient MIME decoder would skip it silently). One pass, compacting in
   * place over a Latin-1 copy of the string (an array copy for the ASCII strings forms decode to);
   * a character beyond Latin-1 becomes {@code '?'} there and is refused like any other.
   */
  private static byte[] strictAlphabet(String value) throws Rejection {
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    int n = 0;
    for (byte b : bytes) {
      if ((b >= 'A' && b <= 'Z')
          || (b >= 'a' && b <= 'z')
          || (b >= '0' && b <= '9')
          || b == '+'
          || b == '/'
          || b == '=') {
        bytes[n++] = b;
      } else if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
        throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse contains non-base64 characters");
      }
    }
    return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
  }
}
