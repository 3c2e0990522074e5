package org.spgate.core.assertion;

import java.util.List;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The audience rule shared by SAML 2.0 (core 2.5.1.4) and SAML 1.1 (core 2.3.2.1.3): at least one
 * audience restriction, and every one present lists this SP, since each restriction narrows who may
 * rely on the assertion.
 */
public final class AudienceCheck {

  private AudienceCheck() {}

  /**
   * Refuses unless {@code restrictions} is not empty and each lists {@code audience}.
   *
   * @param restrictions the audience URIs of each restriction element, in document order
   * @param audience this SP's entity ID (SAML 2.0) or realm (WS-Fed)
   * @param element the restriction element's name, for the message
   */
  public static void check(List<List<String>> restrictions, String audience, String element)
      throws Rejection {
    if (restrictions.isEmpty()) {
      throw new Rejection(Reason.WRONG_AUDIENCE, "Conditions have no " + element);
    }
    for (List<String> restriction : restrictions) {
      if (!restriction.contains(audience)) {
        throw new Rejection(
            Reason.WRONG_AUDIENCE, element + " does not contain '" + audience + "'");
      }
    }
  }
}
