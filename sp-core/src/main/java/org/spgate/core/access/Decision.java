package org.spgate.core.access;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a rule for one user.
 *
 * @param allowed whether the user may pass
 * @param failed when denied, the requirement that failed, described without any of the user's
 *     attribute values (it is shown on the 403 page and logged), e.g. {@code level devel}
 */
public record Decision(boolean allowed, @Nullable String failed) {

  private static final Decision ALLOW = new Decision(true, null);

  /** Allowed. */
  public static Decision allow() {
    return ALLOW;
  }

  /** Denied because {@code requirement} was not met. */
  public static Decision deny(String requirement) {
    return new Decision(false, requirement);
  }
}
