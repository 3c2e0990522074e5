package org.spgate.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/** Asserts that a call is refused with a given {@link Reason}, and nothing else. */
public final class RejectionAssert {

  private RejectionAssert() {}

  /** Runs {@code call}; it must throw a {@link Rejection} for {@code reason}, which is returned. */
  public static Rejection assertRejected(ThrowingCallable call, Reason reason) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected a Rejection " + reason).isInstanceOf(Rejection.class);
    Rejection rejection = (Rejection) thrown;
    assertThat(rejection.reason())
        .as("reason; detail: " + rejection.getMessage())
        .isEqualTo(reason);
    return rejection;
  }
}
