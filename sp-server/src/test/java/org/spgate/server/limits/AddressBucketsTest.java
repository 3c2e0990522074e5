package org.spgate.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressBucketsTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AddressBuckets budget = new AddressBuckets(6, now::get);

  @Test
  void tryTakeWhenBudgetUsedThenRefusedUntilItRefills() {
    for (int i = 0; i < 6; i++) {
      assertThat(taken("192.0.2.1")).isTrue();
    }
    assertThat(taken("192.0.2.1")).isFalse();
    assertThat(taken("192.0.2.2")).as("another address").isTrue();

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(taken("192.0.2.1")).as("one token per 10 s, not yet").isFalse();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(taken("192.0.2.1")).isTrue();
    assertThat(taken("192.0.2.1")).isFalse();
  }

  @Test
  void refundWhenWorkDidNotFailThenTokenComesBack() {
    for (int i = 0; i < 20; i++) {
      assertThat(taken("192.0.2.1")).isTrue();
      budget.refund("192.0.2.1");
    }
    for (int i = 0; i < 6; i++) {
      assertThat(taken("192.0.2.1")).isTrue();
    }
    assertThat(taken("192.0.2.1")).isFalse();
  }

  @Test
  void tryTakeWhenRefusedThenSaysWhenTheNextTokenComesAndLogsOnlyTheFirstRefusal() {
    for (int i = 0; i < 6; i++) {
      taken("192.0.2.1");
    }
    AddressBuckets.Decision first = budget.tryTake("192.0.2.1");
    AddressBuckets.Decision second = budget.tryTake("192.0.2.1");

    assertThat(first.allowed()).isFalse();
    assertThat(first.retryAfterSeconds()).isEqualTo(10);
    assertThat(first.firstRefusal()).isTrue();
    assertThat(second.firstRefusal()).isFalse();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(budget.tryTake("192.0.2.1").allowed()).isTrue();
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(budget.tryTake("192.0.2.1").firstRefusal())
        .as("a new burst of refusals is logged again")
        .isTrue();
  }

  private boolean taken(String address) {
    return budget.tryTake(address).allowed();
  }
}
