package org.spgate.server.cli.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.server.cli.decode.CapturedMessage.Protocol;

/** The hint table covers every reason; a failed step is located by reason and detail. */
class ReasonHintsTest {

  @Test
  void everyReasonHasItsOwnHint() {
    assertThat(ReasonHints.complete()).isTrue();
    for (Reason reason : Reason.values()) {
      assertThat(ReasonHints.of(reason)).as(reason.name()).isNotBlank();
    }
  }

  @Test
  void expiredIssueInstantIsTheMessageAgeStepAndExpiredConditionsALaterOne() {
    int age = PipelineSteps.failedAt(Protocol.SAML2, Reason.EXPIRED, "Response IssueInstant x");
    int conditions =
        PipelineSteps.failedAt(Protocol.SAML2, Reason.EXPIRED, "SubjectConfirmationData x");
    assertThat(PipelineSteps.of(Protocol.SAML2).get(age).name()).startsWith("IssueInstant");
    assertThat(conditions).isGreaterThan(age);
    assertThat(PipelineSteps.of(Protocol.SAML2).get(conditions).name()).startsWith("bearer");
  }
}
