package org.spgate.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

class UrlEncodedFormTest {

  private static UrlEncodedForm form(String body) throws Rejection {
    return UrlEncodedForm.parse(body.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void decodesPercentEscapesPlusAndUtf8() throws Rejection {
    String value = "a+b/c=d é ✓ &=;";
    UrlEncodedForm form =
        form("x=1&SAMLResponse=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&y=");
    assertThat(form.single("SAMLResponse")).isEqualTo(value);
    assertThat(form.single("x")).isEqualTo("1");
    assertThat(form.single("y")).isEmpty();
    assertThat(form.single("absent")).isNull();
  }

  @Test
  void aFieldWithoutEqualsHasAnEmptyValueAndEmptyPairsAreSkipped() throws Rejection {
    UrlEncodedForm form = form("&&flag&&b=2&");
    assertThat(form.single("flag")).isEmpty();
    assertThat(form.single("b")).isEqualTo("2");
    assertThat(form("").single("b")).isNull();
  }

  @Test
  void onlyTheFirstEqualsSeparatesNameFromValue() throws Rejection {
    assertThat(form("k=a=b").single("k")).isEqualTo("a=b");
  }

  @Test
  void namesAreDecodedAndMatchedExactly() throws Rejection {
    UrlEncodedForm form = form("SAML%52esponse=1&samlresponse=2");
    assertThat(form.single("SAMLResponse")).isEqualTo("1");
    assertThat(form.single("samlresponse")).isEqualTo("2");
  }

  @Test
  void aRepeatedFieldIsRefusedWhenRead() throws Rejection {
    UrlEncodedForm form = form("a=1&b=2&a=3");
    assertThat(form.single("b")).isEqualTo("2");
    assertThatThrownBy(() -> form.single("a"))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNEXPECTED_MESSAGE));
  }

  @Test
  void malformedPercentEscapesAreRefused() throws Rejection {
    assertThat(form("a=%41%4a%4A").single("a")).isEqualTo("AJJ");
    for (String bad : new String[] {"a=%", "a=%4", "a=%zz", "a=%4g", "a%=1", "a=1%"}) {
      assertThatThrownBy(() -> form(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              Rejection.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_ENCODING));
    }
  }
}
