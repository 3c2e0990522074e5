package org.spgate.server.proxy;

import java.nio.charset.StandardCharsets;
import org.spgate.core.config.HeaderEncoding;
import org.spgate.core.session.SessionAttributes;

/**
 * Encodes attribute values for HTTP header fields so that no value can end a header or start
 * another one.
 *
 * <p>Values are joined with {@code ;} and a {@code ;} inside a value is escaped as {@code \;}, as
 * mod_shib does. Then, with {@link HeaderEncoding#UTF8} (the default, what mod_shib sends), the
 * value travels as UTF-8 octets and every control character (CR, LF, NUL, TAB, DEL and C1) is
 * percent-encoded ({@code %0A}) — mod_shib strips CR but forwards LF raw, which lets an IdP value
 * inject a header into backends that split on LF. With {@link HeaderEncoding#URL} the whole value
 * is percent-encoded like Shibboleth's {@code encoding="URL"} (only RFC 3986 unreserved characters
 * stay), which backends must URL-decode.
 *
 * <p>Undertow writes each {@code char} of a header value as one octet; the result of {@link
 * #encode} is therefore a string whose chars are the octets to send.
 */
public final class HeaderValueEncoder {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final HeaderEncoding encoding;

  public HeaderValueEncoder(HeaderEncoding encoding) {
    this.encoding = encoding;
  }

  /** Joins and encodes {@code values} into one header value. */
  public String encode(String[] values) {
    return encodePacked(String.join(String.valueOf(SessionAttributes.SEPARATOR), values));
  }

  /**
   * Joins and encodes values packed as {@link SessionAttributes} stores them (separated by U+0000):
   * each separator becomes {@code ;}, each {@code ;} inside a value {@code \;}.
   */
  public String encodePacked(String packed) {
    if (packed.indexOf(';') < 0 && packed.indexOf(SessionAttributes.SEPARATOR) < 0) {
      return encodeOne(packed);
    }
    StringBuilder joined = new StringBuilder(packed.length() + 8);
    for (int i = 0; i < packed.length(); i++) {
      char c = packed.charAt(i);
      if (c == SessionAttributes.SEPARATOR) {
        joined.append(';');
      } else if (c == ';') {
        joined.append("\\;");
      } else {
        joined.append(c);
      }
    }
    return encodeOne(joined.toString());
  }

  /** Encodes a single value (no joining or escaping). */
  public String encodeOne(String value) {
    if (isUnchanged(value)) {
      return value;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 8);
    for (byte b : utf8) {
      int octet = b & 0xff;
      if (mustEncode(octet)) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
      } else {
        out.append((char) octet);
      }
    }
    return out.toString();
  }

  /**
   * Whether encoding leaves {@code value} as it is: every char is ASCII (one UTF-8 octet equal to
   * the char) and none must be encoded. The common case, checked without copying.
   */
  private boolean isUnchanged(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x7e || mustEncode(c)) {
        return false;
      }
    }
    return true;
  }

  private boolean mustEncode(int octet) {
    if (encoding == HeaderEncoding.URL) {
      boolean unreserved =
          (octet >= 'A' && octet <= 'Z')
              || (octet >= 'a' && octet <= 'z')
              || (octet >= '0' && octet <= '9')
              || octet == '-'
              || octet == '.'
              || octet == '_'
              || octet == '~';
      return !unreserved;
    }
    // Controls, DEL. UTF-8 continuation octets (0x80-0xBF) are not C1 controls; C1 code points
    // (U+0080..U+009F) encode as 0xC2 0x80..0x9F and pass as the UTF-8 they are.
    return octet < 0x20 || octet == 0x7f;
  }
}
