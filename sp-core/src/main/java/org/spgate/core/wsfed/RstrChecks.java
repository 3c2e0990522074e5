package org.spgate.core.wsfed;

import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Checks of the RSTR wrapper: AppliesTo, when present, must name this SP's realm; the Lifetime,
 * when present, must contain now (with skew). Both are optional in WS-Trust and unsigned, so they
 * can only refuse; the token's own signed Conditions are what admit it.
 */
final class RstrChecks {

  private RstrChecks() {}

  static void check(Rstr rstr, String realm, TimeWindow time) throws Rejection {
    if (rstr.appliesTo() != null && !realm.equals(rstr.appliesTo())) {
      throw new Rejection(
          Reason.WRONG_AUDIENCE,
          "RSTR AppliesTo '" + rstr.appliesTo() + "' is not the realm '" + realm + "'");
    }
    time.notBefore(rstr.created(), "RSTR Lifetime Created");
    time.notOnOrAfter(rstr.expires(), "RSTR Lifetime Expires");
  }
}
