package org.spgate.server.proxy;

import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * An identity that a route's {@link org.spgate.core.config.HeaderBudget} cannot carry: one header
 * over {@code maxHeaderSize} ({@link Reason#IDENTITY_HEADER_TOO_LARGE}) or all of them over {@code
 * maxTotalSize} ({@link Reason#IDENTITY_HEADERS_OVER_BUDGET}). It names the attribute and sizes,
 * never a value.
 */
public final class OverBudget extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final String attribute;

  OverBudget(Reason reason, String attribute, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.attribute = attribute;
  }

  /** Which limit the identity broke. */
  public Reason reason() {
    return reason;
  }

  /** The attribute id whose header did not fit (the page may show it; values never). */
  public String attribute() {
    return attribute;
  }

  /** The refusal for the log line, naming {@code route}. */
  public Rejection toRejection(String route) {
    return new Rejection(reason, "route " + route + ": " + getMessage());
  }
}
