package org.spgate.core.assertion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * NotBefore / NotOnOrAfter checks with a symmetric clock skew, shared by SAML 2.0 and WS-Fed.
 * NotOnOrAfter is exclusive: at exactly {@code notOnOrAfter + skew} the value is expired.
 */
public final class TimeWindow {

  private final Clock clock;
  private final Duration skew;

  public TimeWindow(Clock clock, Duration skew) {
    this.clock = clock;
    this.skew = skew;
  }

  /** The current instant of the injected clock. */
  public Instant now() {
    return clock.instant();
  }

  /** The configured skew. */
  public Duration skew() {
    return skew;
  }

  /** Refuses when {@code notBefore} (if any) is later than now + skew. */
  public void notBefore(@Nullable Instant notBefore, String what) throws Rejection {
    if (notBefore != null && notBefore.isAfter(now().plus(skew))) {
      throw new Rejection(
          Reason.NOT_YET_VALID,
          what
              + " NotBefore "
              + notBefore
              + " is in the"
              + " future (now "
              + now()
              + ", skew "
              + skew.toSeconds()
              + "s)");
    }
  }

  /** Refuses when {@code notOnOrAfter} (if any) is at or before now − skew. */
  public void notOnOrAfter(@Nullable Instant notOnOrAfter, String what) throws Rejection {
    if (notOnOrAfter != null && !now().minus(skew).isBefore(notOnOrAfter)) {
      throw new Rejection(
          Reason.EXPIRED,
          what
              + " NotOnOrAfter "
              + notOnOrAfter
              + " has passed"
              + " (now "
              + now()
              + ", skew "
              + skew.toSeconds()
              + "s)");
    }
  }

  /** Refuses an issue instant in the future, or older than {@code lifetime} (both with skew). */
  public void issuedWithin(@Nullable Instant issueInstant, Duration lifetime, String what)
      throws Rejection {
    if (issueInstant == null) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, what + " has no IssueInstant");
    }
    notBefore(issueInstant, what + " IssueInstant");
    notOnOrAfter(
        issueInstant.plus(lifetime),
        what + " IssueInstant + " + lifetime.toSeconds() + "s lifetime");
  }
}
