package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;
import org.spgate.devidp.ResponseSpec;

/** Each assertion is accepted once (SECURITY.md A14), also under concurrent posts. */
class Saml2ConsumerReplayTest {

  static final int THREADS = 16;

  final MutableClock clock = MutableClock.atSystemTime();
  // Unsolicited allowed: the pending-request store cannot be what stops the second post.
  final TestSp sp = TestConsumers.trusting(new TestIdp(clock), clock).allowUnsolicited().build();

  @Test
  void consumeWhenUnsolicitedAssertionPostedOnceThenAccepts() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = null;
    assertThat(sp.consume(spec).assertion().assertionId()).isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenUnsolicitedAssertionPostedTwiceThenRejectsWithReplayed() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = null;
    String message = sp.idp().mint(spec);
    sp.consume(message);
    assertRejected(() -> sp.consume(message), Reason.REPLAYED);
  }

  @Test
  void consumeWhenSameAssertionInNewResponseThenRejectsWithReplayed() throws Rejection {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = null;
    sp.consume(spec);
    spec.responseId = "_anotherResponseId";
    assertRejected(() -> sp.consume(spec), Reason.REPLAYED);
  }

  @Test
  void consumeWhenPostedConcurrentlyThenExactlyOneSucceedsAndOthersAreReplays() throws Exception {
    ResponseSpec spec = sp.valid();
    spec.inResponseTo = null;
    String message = sp.idp().mint(spec);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reason>> results = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    sp.consume(message);
                    return null;
                  } catch (Rejection e) {
                    return e.reason();
                  }
                }));
      }
      start.countDown();
      int accepted = 0;
      for (Future<Reason> result : results) {
        Reason reason = result.get(30, TimeUnit.SECONDS);
        if (reason == null) {
          accepted++;
        } else {
          assertThat(reason).isEqualTo(Reason.REPLAYED);
        }
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
