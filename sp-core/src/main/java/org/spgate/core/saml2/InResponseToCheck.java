package org.spgate.core.saml2;

import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.Response;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.login.PendingLogouts;

/**
 * Correlates a Response with the AuthnRequest spgate sent (SAML profiles 4.1.4.3): InResponseTo
 * must name an outstanding request to the same IdP, consumed here so it answers once. Without
 * InResponseTo the Response is unsolicited, accepted only when configured.
 */
final class InResponseToCheck {

  private InResponseToCheck() {}

  static @Nullable PendingLogin check(
      Response response, String issuer, PendingLogins pending, boolean allowUnsolicited)
      throws Rejection {
    String inResponseTo = response.getInResponseTo();
    if (inResponseTo == null) {
      if (!allowUnsolicited) {
        throw new Rejection(
            Reason.UNSOLICITED,
            "Response "
                + response.getID()
                + " has no InResponseTo and unsolicited responses are not allowed");
      }
      return null;
    }
    if (PendingLogouts.isLogoutKey(inResponseTo)) {
      // The store holds pending logouts too; a Response can never answer one.
      throw new Rejection(
          Reason.UNKNOWN_IN_RESPONSE_TO,
          "InResponseTo '" + inResponseTo + "' names a logout, not a login");
    }
    PendingLogin login =
        pending
            .consume(inResponseTo)
            .orElseThrow(
                () ->
                    new Rejection(
                        Reason.UNKNOWN_IN_RESPONSE_TO,
                        "InResponseTo '"
                            + inResponseTo
                            + "' names no outstanding request (expired, used, or"
                            + " never sent)"));
    if (!login.idpEntityId().equals(issuer)) {
      throw new Rejection(
          Reason.UNKNOWN_IN_RESPONSE_TO,
          "request "
              + inResponseTo
              + " went to '"
              + login.idpEntityId()
              + "' but '"
              + issuer
              + "' answered");
    }
    return login;
  }
}
