package org.spgate.core.wsfed;

import org.jspecify.annotations.Nullable;

/**
 * The WS-Federation sign-out actions spgate answers at its ADFS endpoint: {@code wsignout1.0} (sign
 * out, then go to {@code wreply}) and {@code wsignoutcleanup1.0} (the IdP clearing the sessions of
 * its relying parties), as Shibboleth SP's ADFS handler accepts both.
 */
public final class WsFedSignOut {

  /** The sign-out action. */
  public static final String SIGN_OUT = "wsignout1.0";

  /** The sign-out clean-up action. */
  public static final String SIGN_OUT_CLEANUP = "wsignoutcleanup1.0";

  private WsFedSignOut() {}

  /** Whether {@code wa} asks for sign-out (exact, case-sensitive match, as the spec spells it). */
  public static boolean isSignOut(@Nullable String wa) {
    return SIGN_OUT.equals(wa) || SIGN_OUT_CLEANUP.equals(wa);
  }
}
