package org.spgate.core.saml2;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The assertion needs a bearer SubjectConfirmation whose data names this ACS as Recipient, has a
 * NotOnOrAfter that has not passed, no NotBefore (or one that has come), and an InResponseTo equal
 * to the Response's (SAML profiles 4.1.4.2). One satisfying confirmation suffices; if none does,
 * the reason of the first one tried is reported.
 */
final class BearerConfirmationCheck {

  private BearerConfirmationCheck() {}

  /** Returns the satisfied confirmation's NotOnOrAfter. */
  static Instant check(
      Assertion assertion, String acsUrl, @Nullable String inResponseTo, TimeWindow time)
      throws Rejection {
    Subject subject = assertion.getSubject();
    if (subject == null) {
      throw new Rejection(Reason.INCOMPLETE_ASSERTION, "Assertion has no Subject");
    }
    Rejection first = null;
    for (SubjectConfirmation confirmation : subject.getSubjectConfirmations()) {
      if (!SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())) {
        continue;
      }
      try {
        return satisfied(confirmation.getSubjectConfirmationData(), acsUrl, inResponseTo, time);
      } catch (Rejection e) {
        first = first == null ? e : first;
      }
    }
    throw first != null
        ? first
        : new Rejection(Reason.WRONG_RECIPIENT, "no bearer SubjectConfirmation");
  }

  private static Instant satisfied(
      @Nullable SubjectConfirmationData data,
      String acsUrl,
      @Nullable String inResponseTo,
      TimeWindow time)
      throws Rejection {
    if (data == null) {
      throw new Rejection(Reason.WRONG_RECIPIENT, "bearer confirmation has no data");
    }
    if (!acsUrl.equals(data.getRecipient())) {
      throw new Rejection(
          Reason.WRONG_RECIPIENT,
          "Recipient '" + data.getRecipient() + "' is not '" + acsUrl + "'");
    }
    if (data.getNotOnOrAfter() == null) {
      throw new Rejection(Reason.INCOMPLETE_ASSERTION, "bearer confirmation has no NotOnOrAfter");
    }
    time.notOnOrAfter(data.getNotOnOrAfter(), "SubjectConfirmationData");
    time.notBefore(data.getNotBefore(), "SubjectConfirmationData");
    String confirmed = data.getInResponseTo();
    if (confirmed != null && !confirmed.equals(inResponseTo)) {
      throw new Rejection(
          Reason.UNKNOWN_IN_RESPONSE_TO,
          "SubjectConfirmationData InResponseTo '"
              + confirmed
              + "' differs from the Response's '"
              + inResponseTo
              + "'");
    }
    return data.getNotOnOrAfter();
  }
}
