package org.spgate.core.saml2;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.Conditions;
import org.spgate.core.assertion.AudienceCheck;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Conditions: the validity window (with skew) and the audience (SAML core 2.5.1). At least one
 * AudienceRestriction is required (SAML profiles 4.1.4.2) and every one present must list this SP,
 * since each restriction narrows who may rely on the assertion.
 */
public final class ConditionsCheck {

  private ConditionsCheck() {}

  /** Checks {@code assertion}'s Conditions; returns their NotOnOrAfter, or {@code null}. */
  public static @Nullable Instant check(Assertion assertion, String spEntityId, TimeWindow time)
      throws Rejection {
    Conditions conditions = assertion.getConditions();
    if (conditions == null) {
      throw new Rejection(Reason.WRONG_AUDIENCE, "Assertion has no Conditions/AudienceRestriction");
    }
    time.notBefore(conditions.getNotBefore(), "Conditions");
    time.notOnOrAfter(conditions.getNotOnOrAfter(), "Conditions");
    AudienceCheck.check(
        conditions.getAudienceRestrictions().stream()
            .map(r -> r.getAudiences().stream().map(Audience::getURI).toList())
            .toList(),
        spEntityId,
        "AudienceRestriction");
    return conditions.getNotOnOrAfter();
  }
}
