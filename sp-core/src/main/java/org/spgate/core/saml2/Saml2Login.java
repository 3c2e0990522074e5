package org.spgate.core.saml2;

import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.login.PendingLogin;

/**
 * A SAML 2.0 Response that passed every check.
 *
 * @param assertion what the verified assertion says
 * @param pendingLogin the login this answers, or {@code null} for an unsolicited response
 * @param messageId the Response's ID (for the login log line), or {@code null} if not known
 */
public record Saml2Login(
    VerifiedAssertion assertion, @Nullable PendingLogin pendingLogin, @Nullable String messageId) {

  /** A login whose Response ID is not recorded. */
  public Saml2Login(VerifiedAssertion assertion, @Nullable PendingLogin pendingLogin) {
    this(assertion, pendingLogin, null);
  }
}
