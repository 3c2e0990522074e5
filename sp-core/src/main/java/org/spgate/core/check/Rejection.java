package org.spgate.core.check;

/**
 * A message or request was refused for {@link #reason()}; {@link #getMessage()} is the detail for
 * the log (IDs, compared values), never for the browser.
 */
public final class Rejection extends Exception {

  private final Reason reason;

  public Rejection(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Rejection(Reason reason, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.reason = reason;
  }

  /** The class of failure. */
  public Reason reason() {
    return reason;
  }

  /** Throws a rejection for {@code reason} unless {@code condition} holds. */
  public static void require(boolean condition, Reason reason, String detail) throws Rejection {
    if (!condition) {
      throw new Rejection(reason, detail);
    }
  }
}
