package org.spgate.core.metadata.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.spgate.core.testing.MutableClock;

/** The Metadata Query request URL and the fetch budget. */
class MdqUrlsTest {

  @Test
  void anEntityIsAskedForByItsPercentEncodedSha1Form() {
    // sha1("https://idp.example.org/idp/shibboleth"), computed outside Java.
    String expected =
        "https://mdq.example.org/global/entities/%7Bsha1%7D1bec942a9ca29787c26924440ad4cb8208f9b9e4";
    assertThat(
            MdqUrls.entity(
                URI.create("https://mdq.example.org/global/"),
                "https://idp.example.org/idp/shibboleth"))
        .hasToString(expected);
    // A base without its trailing slash gives the same URL.
    assertThat(
            MdqUrls.entity(
                URI.create("https://mdq.example.org/global"),
                "https://idp.example.org/idp/shibboleth"))
        .hasToString(expected);
  }

  @Test
  void whatAnIssuerSaysNeverReachesTheUrlButItsHash() {
    URI url = MdqUrls.entity(URI.create("https://mdq.example.org/"), "x/../../admin?a=b#c");
    assertThat(url.getRawPath()).matches("/entities/%7Bsha1%7D[0-9a-f]{40}");
    assertThat(url.getRawQuery()).isNull();
  }

  @Test
  void theFetchBudgetRefusesBeyondItsRateAndRefillsOverTheMinute() {
    MutableClock clock = MutableClock.atSystemTime();
    FetchBudget budget = new FetchBudget(3, clock);
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isFalse();
    clock.advance(Duration.ofSeconds(20));
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isFalse();
  }
}
