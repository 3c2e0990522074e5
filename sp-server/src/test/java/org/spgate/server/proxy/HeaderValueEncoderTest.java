package org.spgate.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spgate.core.config.HeaderEncoding;
import org.spgate.core.session.SessionAttributes;

class HeaderValueEncoderTest {

  private final HeaderValueEncoder utf8 = new HeaderValueEncoder(HeaderEncoding.UTF8);
  private final HeaderValueEncoder url = new HeaderValueEncoder(HeaderEncoding.URL);

  @Test
  void encodeWhenValuesArePlainThenJoinedWithSemicolon() {
    assertThat(utf8.encode(new String[] {"staff", "faculty", "member"}))
        .isEqualTo("staff;faculty;member");
  }

  @Test
  void encodeWhenValueHoldsSemicolonThenEscapedAsShibbolethDoes() {
    assertThat(utf8.encode(new String[] {"a;b", "c"})).isEqualTo("a\\;b;c");
  }

  @Test
  void encodeWhenValueHoldsLineFeedThenPercentEncodedInAnyPosition() {
    assertThat(utf8.encode(new String[] {"ok", "evil\r\nX-Injected: 1"}))
        .isEqualTo("ok;evil%0D%0AX-Injected: 1");
    assertThat(utf8.encode(new String[] {"\n", "ok"})).isEqualTo("%0A;ok");
  }

  @Test
  void encodeWhenValuesAreNonAsciiThenSentAsUtf8Octets() {
    String octets =
        new String("Zoë;Łukasz".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(utf8.encode(new String[] {"Zoë", "Łukasz"})).isEqualTo(octets);
  }

  @Test
  void encodeWhenEncodingIsUrlThenOnlyUnreservedCharactersStay() {
    assertThat(url.encode(new String[] {"a b", "c~d"})).isEqualTo("a%20b%3Bc~d");
  }

  /**
   * The joining fast path and the general path must agree: values drawn from the characters that
   * change the result (separators, {@code ;}, {@code \}, controls, DEL, C1, non-Latin-1, surrogate
   * pairs) and from plain ones, compared with a straightforward reference encoder.
   */
  @Test
  void encodeWhenValuesAreRandomThenEqualsReferenceEncoding() {
    Random random = new Random(20261201);
    String[] alphabet = {
      "a",
      "Z",
      "0",
      "-",
      " ",
      ";",
      "\\",
      "\n",
      "\r",
      "\t",
      "\u0001",
      "\u007f",
      "\u0085",
      "é",
      "Ł",
      "\u20ac",
      "\uD83D\uDE00",
      "%",
      "\u001f",
      "~"
    };
    for (int round = 0; round < 20_000; round++) {
      String[] values = new String[1 + random.nextInt(6)];
      boolean plain = random.nextBoolean();
      for (int i = 0; i < values.length; i++) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(12);
        for (int j = 0; j < length; j++) {
          value.append(
              plain ? alphabet[random.nextInt(5)] : alphabet[random.nextInt(alphabet.length)]);
        }
        values[i] = value.toString();
      }
      assertThat(utf8.encode(values)).as("UTF8 %s", (Object) values).isEqualTo(reference(values));
      assertThat(url.encode(values)).isEqualTo(referenceUrl(values));
    }
  }

  /** Join with ';', escape ';' as '\;', UTF-8, percent-encode controls and DEL. */
  private static String reference(String[] values) {
    StringBuilder out = new StringBuilder();
    for (byte b : escapedJoin(values).getBytes(StandardCharsets.UTF_8)) {
      int octet = b & 0xff;
      out.append(octet < 0x20 || octet == 0x7f ? String.format("%%%02X", octet) : (char) octet);
    }
    return out.toString();
  }

  private static String referenceUrl(String[] values) {
    StringBuilder out = new StringBuilder();
    for (byte b : escapedJoin(values).getBytes(StandardCharsets.UTF_8)) {
      int octet = b & 0xff;
      boolean unreserved =
          Character.isLetterOrDigit(octet) && octet < 0x80 || "-._~".indexOf(octet) >= 0;
      out.append(unreserved ? String.valueOf((char) octet) : String.format("%%%02X", octet));
    }
    return out.toString();
  }

  private static String escapedJoin(String[] values) {
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        joined.append(';');
      }
      joined.append(values[i].replace(";", "\\;"));
    }
    assertThat(joined.toString()).doesNotContain(String.valueOf(SessionAttributes.SEPARATOR));
    return joined.toString();
  }
}
