package org.spgate.server.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
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
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
    if (encoding == HeaderEncoding.UTF8) {
      String plain = joinedIfPlain(packed);
      if (plain != null) {
        return plain;
      }
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

  /**
   * The values joined with {@code ;} when no value holds a {@code ;} or a control character (the
   * common case, e.g. 500 group names), else null: the UTF-8 octets, checked eight at a time. A
   * per-char builder here cost 60 % of the proxy's CPU for a 32 KiB group header.
   */
  private static @Nullable String joinedIfPlain(String packed) {
    byte[] octets = packed.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    for (; i + Long.BYTES <= octets.length; i += Long.BYTES) {
      long word = (long) LONGS.get(octets, i);
      // Exact for "no such octet"; a word that may hold one (a separator, usually) is re-checked
      // octet by octet.
      if (hasOctetBelow0x20(word) || hasOctet(word, ';') || hasOctet(word, 0x7f)) {
        for (int j = i; j < i + Long.BYTES; j++) {
          if (!joinPlain(octets, j)) {
            return null;
          }
        }
      }
    }
    for (; i < octets.length; i++) {
      if (!joinPlain(octets, i)) {
        return null;
      }
    }
    return new String(octets, StandardCharsets.ISO_8859_1);
  }

  /** Turns a separator at {@code i} into {@code ;}; false if the octet needs escaping. */
  private static boolean joinPlain(byte[] octets, int i) {
    byte b = octets[i];
    if (b == SessionAttributes.SEPARATOR) {
      octets[i] = ';';
      return true;
    }
    // Octets >= 0x80 are negative here: the UTF-8 of non-ASCII characters, sent as they are.
    return !((b >= 0 && b < 0x20) || b == 0x7f || b == ';');
  }

  // Bit Twiddling Hacks' "haszero"/"hasless": a byte below n borrows into its high bit.
  private static boolean hasOctetBelow0x20(long word) {
    return ((word - 0x2020202020202020L) & ~word & 0x8080808080808080L) != 0;
  }

  private static boolean hasOctet(long word, int octet) {
    long x = word ^ (0x0101010101010101L * octet);
    return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
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
