package org.spgate.core.saml2;

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
    try {
      byte[] decoded = Base64.getMimeDecoder().decode(value);
      if (decoded.length == 0) {
        throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse decodes to nothing");
      }
      if (!isStrictBase64(value)) {
        throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse contains non-base64 characters");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.BAD_ENCODING, "SAMLResponse is not base64: " + e.getMessage());
    }
  }

  /** The MIME decoder skips foreign characters silently; we allow only whitespace between. */
  private static boolean isStrictBase64(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || c == '\r'
              || c == '\n'
              || c == ' '
              || c == '\t';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
