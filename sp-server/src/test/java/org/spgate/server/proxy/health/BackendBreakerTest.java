package org.spgate.server.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The breaker's states on a clock the test moves (nanoseconds). */
class BackendBreakerTest {

  private static final long MS = 1_000_000L;

  private final BackendBreaker breaker = new BackendBreaker(3, 100 * MS, 400 * MS);

  @Test
  void failuresBelowThresholdThenStillUp() {
    breaker.connectFailed(0);
    breaker.connectFailed(0);

    assertThat(breaker.isDown()).isFalse();
    assertThat(breaker.admit(0)).isZero();
  }

  @Test
  void successBetweenFailuresThenCountStartsOver() {
    breaker.connectFailed(0);
    breaker.connectFailed(0);
    breaker.connected(0);
    breaker.connectFailed(0);
    breaker.connectFailed(0);

    assertThat(breaker.isDown()).isFalse();
  }

  @Test
  void thresholdReachedThenDownAndRefusedUntilTheBackOffPasses() {
    breaker.connectFailed(0);
    breaker.connectFailed(0);

    assertThat(breaker.connectFailed(0)).isEqualTo(BackendBreaker.Transition.MARKED_DOWN);
    assertThat(breaker.admit(10 * MS)).isEqualTo(90 * MS);
    assertThat(breaker.admit(100 * MS)).isZero(); // the probe
  }

  @Test
  void downForWhenUpThenMinusOneWhenDownThenTimeLeftThenZeroOnceProbeIsDueAndUpAgain() {
    assertThat(breaker.downFor(0)).isEqualTo(-1);
    breaker.connectFailed(0);
    breaker.connectFailed(0);
    assertThat(breaker.downFor(0)).as("below the threshold").isEqualTo(-1);
    breaker.connectFailed(0);

    assertThat(breaker.downFor(10 * MS)).isEqualTo(90 * MS);
    assertThat(breaker.downFor(100 * MS)).isZero();
    assertThat(breaker.admit(100 * MS)).isZero(); // the probe
    assertThat(breaker.downFor(110 * MS)).isZero();
    breaker.connected(120 * MS);
    assertThat(breaker.downFor(120 * MS)).isEqualTo(-1);
  }

  @Test
  void probeRunningThenOthersRefusedAndOnlyOneProbe() {
    markDown(0);

    assertThat(breaker.admit(100 * MS)).isZero();
    assertThat(breaker.admit(101 * MS)).isPositive();
    assertThat(breaker.admit(150 * MS)).isPositive();
  }

  @Test
  void probeConnectsThenUpAgainAndEveryRequestAdmitted() {
    markDown(0);
    breaker.admit(100 * MS);

    assertThat(breaker.connected(120 * MS)).isEqualTo(120 * MS);
    assertThat(breaker.isDown()).isFalse();
    assertThat(breaker.admit(121 * MS)).isZero();
    assertThat(breaker.admit(121 * MS)).isZero();
  }

  @Test
  void probeFailsThenBackOffDoublesUpToTheMaximum() {
    markDown(0);
    breaker.admit(100 * MS);
    assertThat(breaker.connectFailed(110 * MS)).isEqualTo(BackendBreaker.Transition.STILL_DOWN);
    assertThat(breaker.admit(309 * MS)).isPositive(); // 200 ms from 110
    assertThat(breaker.admit(310 * MS)).isZero();
    breaker.connectFailed(310 * MS); // 400 ms
    assertThat(breaker.admit(710 * MS)).isZero();
    breaker.connectFailed(710 * MS); // capped at 400 ms
    assertThat(breaker.admit(1_109 * MS)).isPositive();
    assertThat(breaker.admit(1_110 * MS)).isZero();
  }

  @Test
  void connectStartedBeforeMarkedDownFailsLaterThenBackOffUnchanged() {
    markDown(0);

    assertThat(breaker.connectFailed(50 * MS)).isEqualTo(BackendBreaker.Transition.NONE);
    assertThat(breaker.admit(100 * MS)).isZero();
  }

  @Test
  void probeOutcomeLostThenTheNextRequestProbesAfterTheBackOff() {
    markDown(0);
    assertThat(breaker.admit(100 * MS)).isZero();

    assertThat(breaker.admit(199 * MS)).isPositive();
    assertThat(breaker.admit(200 * MS)).isZero();
  }

  private void markDown(long now) {
    for (int i = 0; i < 3; i++) {
      breaker.connectFailed(now);
    }
    assertThat(breaker.isDown()).isTrue();
  }
}
