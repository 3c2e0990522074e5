package org.spgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {

  private static String first(String name, String... cookieHeaders) {
    HeaderMap headers = new HeaderMap();
    for (String h : cookieHeaders) {
      headers.add(Headers.COOKIE, h);
    }
    return CookieHeader.firstValue(headers.get(Headers.COOKIE), name);
  }

  @Test
  void findsTheNamedCookieAmongOthers() {
    assertThat(first("sp", "a=1; sp=abc; b=2")).isEqualTo("abc");
    assertThat(first("sp", "sp=abc")).isEqualTo("abc");
    assertThat(first("sp", "a=1;sp=abc;b=2")).isEqualTo("abc");
  }

  @Test
  void ignoresSpaceAroundNameAndValueAndRemovesQuotes() {
    assertThat(first("sp", "a=1;  sp \t= abc ; b=2")).isEqualTo("abc");
    assertThat(first("sp", "sp=\"abc\"")).isEqualTo("abc");
  }

  @Test
  void theFirstOccurrenceWinsAcrossHeaders() {
    assertThat(first("sp", "a=1", "sp=first; sp=second", "sp=third")).isEqualTo("first");
  }

  @Test
  void namesThatOnlyContainOrExtendTheNameDoNotMatch() {
    assertThat(first("sp", "xsp=abc; spx=def; a=sp=ghi")).isNull();
    assertThat(first("sp", "sp; spx=1")).isNull();
    assertThat(first("sp", "xsp=abc; sp=real")).isEqualTo("real");
  }

  @Test
  void noCookieHeaderMeansNoValue() {
    assertThat(CookieHeader.firstValue(null, "sp")).isNull();
    assertThat(first("sp", "")).isNull();
    assertThat(first("sp", ";;")).isNull();
    assertThat(first("sp", "sp=")).isEmpty();
  }
}
