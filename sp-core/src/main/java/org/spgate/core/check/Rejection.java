package org.spgate.core.check;

import org.jspecify.annotations.Nullable;

/**
 * A message or request was refused for {@link #reason()}; {@link #getMessage()} is the detail for
 * the log (IDs, compared values), never for the browser.
 */
public final class Rejection extends Exception {

  private final Reason reason;
  private transient @Nullable Message message;

  /**
   * What was read of the refused message before the refusal, for the log line: nothing here is
   * trusted (the issuer is the one the message claims).
   *
   * @param issuer the Issuer the message names, or null
   * @param messageId the protocol message's ID (SAML 2.0 Response ID), or null
   * @param assertionId the assertion's ID, or null (not read, or encrypted)
   */
  public record Message(
      @Nullable String issuer, @Nullable String messageId, @Nullable String assertionId) {}

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

  /** What was read of the refused message, or null when it was refused before it was read. */
  public @Nullable Message message() {
    return message;
  }

  /** Records what was read of the refused message (once; the first description stays). */
  public Rejection about(Message read) {
    if (message == null) {
      message = read;
    }
    return this;
  }

  /** Throws a rejection for {@code reason} unless {@code condition} holds. */
  public static void require(boolean condition, Reason reason, String detail) throws Rejection {
    if (!condition) {
      throw new Rejection(reason, detail);
    }
  }
}
