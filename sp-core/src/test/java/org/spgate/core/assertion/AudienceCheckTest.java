package org.spgate.core.assertion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;

class AudienceCheckTest {

  static final String SP = "https://sp.example.org/shibboleth";

  @Test
  void checkWhenEveryRestrictionListsTheSpThenAccepts() {
    assertThatCode(
            () ->
                AudienceCheck.check(
                    List.of(List.of("https://other.example", SP), List.of(SP)),
                    SP,
                    "AudienceRestriction"))
        .doesNotThrowAnyException();
  }

  @Test
  void checkWhenThereIsNoRestrictionThenRejectsWrongAudience() {
    assertThat(
            assertRejected(
                    () -> AudienceCheck.check(List.of(), SP, "AudienceRestrictionCondition"),
                    Reason.WRONG_AUDIENCE)
                .getMessage())
        .isEqualTo("Conditions have no AudienceRestrictionCondition");
  }

  @Test
  void checkWhenOneRestrictionOmitsTheSpThenRejectsWrongAudience() {
    assertThat(
            assertRejected(
                    () ->
                        AudienceCheck.check(
                            List.of(List.of(SP), List.of("https://other.example")),
                            SP,
                            "AudienceRestriction"),
                    Reason.WRONG_AUDIENCE)
                .getMessage())
        .isEqualTo("AudienceRestriction does not contain '" + SP + "'");
  }

  @Test
  void checkWhenARestrictionIsEmptyThenRejectsWrongAudience() {
    assertRejected(
        () -> AudienceCheck.check(List.of(List.of()), SP, "AudienceRestriction"),
        Reason.WRONG_AUDIENCE);
  }
}
