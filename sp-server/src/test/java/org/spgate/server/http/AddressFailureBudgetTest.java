package org.spgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressFailureBudgetTest {

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AddressFailureBudget budget = new AddressFailureBudget(6, now::get);

  @Test
  void tryReserveWhenBudgetUsedThenFalseUntilItRefills() {
    for (int i = 0; i < 6; i++) {
      assertThat(budget.tryReserve("192.0.2.1")).isTrue();
    }
    assertThat(budget.tryReserve("192.0.2.1")).isFalse();
    assertThat(budget.tryReserve("192.0.2.2")).as("another address").isTrue();

    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(budget.tryReserve("192.0.2.1")).as("one token per 10 s, not yet").isFalse();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(budget.tryReserve("192.0.2.1")).isTrue();
    assertThat(budget.tryReserve("192.0.2.1")).isFalse();
  }

  @Test
  void refundWhenWorkDidNotFailThenTokenComesBack() {
    for (int i = 0; i < 20; i++) {
      assertThat(budget.tryReserve("192.0.2.1")).isTrue();
      budget.refund("192.0.2.1");
    }
    for (int i = 0; i < 6; i++) {
      assertThat(budget.tryReserve("192.0.2.1")).isTrue();
    }
    assertThat(budget.tryReserve("192.0.2.1")).isFalse();
  }
}
