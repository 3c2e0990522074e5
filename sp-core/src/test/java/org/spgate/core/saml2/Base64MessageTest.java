package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

class Base64MessageTest {

  private static final String XML = "<samlp:Response ID=\"_1\">ü</samlp:Response>";
  private static final String ENCODED =
      Base64.getEncoder().encodeToString(XML.getBytes(StandardCharsets.UTF_8));

  private static Reason reasonOf(String value, int max) {
    try {
      Base64Message.decode(value, max);
      return null;
    } catch (Rejection e) {
      return e.reason();
    }
  }

  @Test
  void decodesPlainAndLineWrappedBase64() throws Rejection {
    assertThat(new String(Base64Message.decode(ENCODED, 1000), StandardCharsets.UTF_8))
        .isEqualTo(XML);
    String wrapped = ENCODED.substring(0, 20) + "\r\n " + ENCODED.substring(20) + "\n";
    assertThat(Base64Message.decode(wrapped, 1000)).isEqualTo(XML.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesCharactersOutsideTheAlphabetIncludingBeyondLatin1() {
    assertThat(reasonOf(ENCODED, 1000)).isNull();
    assertThat(reasonOf(ENCODED.substring(0, 8) + "*" + ENCODED.substring(8), 1000))
        .isEqualTo(Reason.BAD_ENCODING);
    // U+0141 and U+013F encode to '?' in Latin-1 — never to a base64 letter.
    assertThat(reasonOf(ENCODED.substring(0, 8) + "\u0141" + ENCODED.substring(9), 1000))
        .isEqualTo(Reason.BAD_ENCODING);
    assertThat(reasonOf(ENCODED.substring(0, 8) + "\u00c1" + ENCODED.substring(9), 1000))
        .isEqualTo(Reason.BAD_ENCODING);
    assertThat(reasonOf(ENCODED.substring(1), 1000)).isEqualTo(Reason.BAD_ENCODING);
  }

  @Test
  void refusesEmptyAndOversizedValuesBeforeDecoding() {
    assertThat(reasonOf("", 1000)).isEqualTo(Reason.MISSING_MESSAGE);
    assertThat(reasonOf(ENCODED, XML.length() + 10)).isNull();
    assertThat(reasonOf(ENCODED, 10)).isEqualTo(Reason.MESSAGE_TOO_LARGE);
  }
}
