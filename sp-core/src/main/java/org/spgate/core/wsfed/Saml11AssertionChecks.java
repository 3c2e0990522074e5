package org.spgate.core.wsfed;

import java.time.Duration;
import java.time.Instant;
import org.opensaml.saml.saml1.core.Assertion;
import org.opensaml.saml.saml1.core.Audience;
import org.opensaml.saml.saml1.core.AudienceRestrictionCondition;
import org.opensaml.saml.saml1.core.AuthenticationStatement;
import org.opensaml.saml.saml1.core.Condition;
import org.opensaml.saml.saml1.core.Conditions;
import org.opensaml.saml.saml1.core.DoNotCacheCondition;
import org.spgate.core.assertion.AudienceCheck;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The protocol checks of a verified SAML 1.1 Assertion, in this order: IssueInstant within the
 * message lifetime; Conditions with both NotBefore and NotOnOrAfter (Shibboleth's ADFS profile
 * requires both) containing now, with skew; at least one AudienceRestrictionCondition, each listing
 * the realm (SAML 1.1 core 2.3.2.1.3); no condition type spgate does not understand (an unknown
 * condition makes the assertion Indeterminate, core 2.3.2.1); at least one AuthenticationStatement,
 * each with an AuthenticationInstant not in the future.
 *
 * <p>Not checked: SubjectConfirmation methods (the passive profile's token is bearer by
 * construction; AppliesTo, Audience and the replay cache bind it to this SP), SubjectLocality, a
 * maximum time since authentication.
 */
final class Saml11AssertionChecks {

  private Saml11AssertionChecks() {}

  /** Returns the Conditions' NotOnOrAfter, the end of the assertion's validity. */
  static Instant check(Assertion assertion, String realm, Duration lifetime, TimeWindow time)
      throws Rejection {
    time.issuedWithin(assertion.getIssueInstant(), lifetime, "Assertion");
    Instant notOnOrAfter = conditions(assertion, realm, time);
    if (assertion.getAuthenticationStatements().isEmpty()) {
      throw new Rejection(
          Reason.INCOMPLETE_ASSERTION,
          "Assertion " + assertion.getID() + " has no AuthenticationStatement");
    }
    for (AuthenticationStatement statement : assertion.getAuthenticationStatements()) {
      if (statement.getAuthenticationInstant() == null) {
        throw new Rejection(
            Reason.INCOMPLETE_ASSERTION, "AuthenticationStatement has no AuthenticationInstant");
      }
      time.notBefore(statement.getAuthenticationInstant(), "AuthenticationInstant");
    }
    return notOnOrAfter;
  }

  private static Instant conditions(Assertion assertion, String realm, TimeWindow time)
      throws Rejection {
    Conditions conditions = assertion.getConditions();
    if (conditions == null
        || conditions.getNotBefore() == null
        || conditions.getNotOnOrAfter() == null) {
      throw new Rejection(
          Reason.INCOMPLETE_ASSERTION,
          "Assertion "
              + assertion.getID()
              + " needs Conditions with both NotBefore and NotOnOrAfter");
    }
    time.notBefore(conditions.getNotBefore(), "Conditions");
    time.notOnOrAfter(conditions.getNotOnOrAfter(), "Conditions");
    for (Condition condition : conditions.getConditions()) {
      if (!(condition instanceof AudienceRestrictionCondition)
          && !(condition instanceof DoNotCacheCondition)) {
        throw new Rejection(
            Reason.UNEXPECTED_MESSAGE,
            "unknown condition "
                + condition.getElementQName()
                + " makes the assertion"
                + " Indeterminate");
      }
    }
    AudienceCheck.check(
        conditions.getAudienceRestrictionConditions().stream()
            .map(r -> r.getAudiences().stream().map(Audience::getURI).toList())
            .toList(),
        realm,
        "AudienceRestrictionCondition");
    return conditions.getNotOnOrAfter();
  }
}
