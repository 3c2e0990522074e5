package org.spgate.core.saml2;

import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/** An authentication cannot have happened in the future (beyond the clock skew). */
public final class AuthnInstantCheck {

  private AuthnInstantCheck() {}

  /** Refuses an AuthnStatement without AuthnInstant or with one in the future. */
  public static void check(Assertion assertion, TimeWindow time) throws Rejection {
    for (AuthnStatement statement : assertion.getAuthnStatements()) {
      if (statement.getAuthnInstant() == null) {
        throw new Rejection(Reason.INCOMPLETE_ASSERTION, "AuthnStatement has no AuthnInstant");
      }
      time.notBefore(statement.getAuthnInstant(), "AuthnInstant");
    }
  }
}
