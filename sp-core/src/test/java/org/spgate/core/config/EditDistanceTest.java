package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The "did you mean" suggestions. */
class EditDistanceTest {

  private static final List<String> KNOWN = List.of("clockSkew", "messageLifetime", "allowSha1");

  @Test
  void suggestWhenTwoEditsAwayThenSuggests() {
    assertThat(EditDistance.suggest("clokSkw", KNOWN)).isEqualTo("clockSkew");
    assertThat(EditDistance.suggest("allowsha1", KNOWN)).isEqualTo("allowSha1");
  }

  @Test
  void suggestWhenThreeEditsAwayThenNothing() {
    assertThat(EditDistance.suggest("clkSkw", KNOWN)).isNull();
  }

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(EditDistance.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(EditDistance.distance("", "abc")).isEqualTo(3);
    assertThat(EditDistance.distance("same", "same")).isZero();
  }
}
