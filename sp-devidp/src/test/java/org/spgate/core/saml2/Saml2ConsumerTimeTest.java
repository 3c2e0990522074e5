package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;
import org.spgate.devidp.ResponseSpec;

/**
 * Time windows on both sides of the clock-skew boundary (SECURITY.md A17): a value off by 5 s less
 * than the skew is accepted, by 5 s more is refused.
 */
class Saml2ConsumerTimeTest {

  static final Duration INSIDE = TestConsumers.SKEW.minusSeconds(5);
  static final Duration OUTSIDE = TestConsumers.SKEW.plusSeconds(5);

  final MutableClock clock = MutableClock.atSystemTime();
  final TestSp sp = TestConsumers.trusting(new TestIdp(clock), clock).build();
  final Instant now = clock.instant();

  @Test
  void consumeWhenConditionsNotOnOrAfterPassedLessThanSkewAgoThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.notOnOrAfter = now.minus(INSIDE);
    assertAccepted(spec);
  }

  @Test
  void consumeWhenConditionsNotOnOrAfterPassedMoreThanSkewAgoThenRejectsWithExpired() {
    ResponseSpec spec = sp.valid();
    spec.notOnOrAfter = now.minus(OUTSIDE);
    assertRejected(() -> sp.consume(spec), Reason.EXPIRED);
  }

  @Test
  void consumeWhenConditionsNotBeforeIsLessThanSkewAheadThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.notBefore = now.plus(INSIDE);
    assertAccepted(spec);
  }

  @Test
  void consumeWhenConditionsNotBeforeIsMoreThanSkewAheadThenRejectsWithNotYetValid() {
    ResponseSpec spec = sp.valid();
    spec.notBefore = now.plus(OUTSIDE);
    assertRejected(() -> sp.consume(spec), Reason.NOT_YET_VALID);
  }

  @Test
  void consumeWhenConfirmationNotOnOrAfterPassedLessThanSkewAgoThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.confirmationNotOnOrAfter = now.minus(INSIDE);
    assertAccepted(spec);
  }

  @Test
  void consumeWhenConfirmationNotOnOrAfterPassedMoreThanSkewAgoThenRejectsWithExpired() {
    ResponseSpec spec = sp.valid();
    spec.confirmationNotOnOrAfter = now.minus(OUTSIDE);
    assertRejected(() -> sp.consume(spec), Reason.EXPIRED);
  }

  @Test
  void consumeWhenIssueInstantIsJustWithinLifetimeAndSkewThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.issueInstant = now.minus(TestConsumers.MESSAGE_LIFETIME).minus(INSIDE);
    assertAccepted(spec);
  }

  @Test
  void consumeWhenIssueInstantIsOlderThanLifetimeAndSkewThenRejectsWithExpired() {
    ResponseSpec spec = sp.valid();
    spec.issueInstant = now.minus(TestConsumers.MESSAGE_LIFETIME).minus(OUTSIDE);
    assertRejected(() -> sp.consume(spec), Reason.EXPIRED);
  }

  @Test
  void consumeWhenIssueInstantIsLessThanSkewInTheFutureThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.issueInstant = now.plus(INSIDE);
    assertAccepted(spec);
  }

  @Test
  void consumeWhenIssueInstantIsMoreThanSkewInTheFutureThenRejectsWithNotYetValid() {
    ResponseSpec spec = sp.valid();
    spec.issueInstant = now.plus(OUTSIDE);
    assertRejected(() -> sp.consume(spec), Reason.NOT_YET_VALID);
  }

  @Test
  void consumeWhenClockMovesPastValidityAndSkewThenRejectsWithExpired() {
    ResponseSpec spec = sp.valid();
    String message = sp.idp().mint(spec);
    clock.advance(spec.validity.plus(OUTSIDE));
    assertRejected(() -> sp.consume(message), Reason.EXPIRED);
  }

  private void assertAccepted(ResponseSpec spec) throws Rejection {
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }
}
