package org.spgate.core.wsfed;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;

/**
 * Correlates a sign-in with the login spgate started, through {@code wctx}: a value in our
 * RelayState form must name an outstanding WS-Fed login sent to the same IdP, consumed here so it
 * answers once. Absent or foreign {@code wctx} means unsolicited (IdP-initiated), accepted only
 * when configured.
 *
 * <p>{@code wctx} is not covered by any signature and SAML 1.1 has no InResponseTo: this proves
 * only that someone started a login here. Binding that login to the browser (a state cookie) is the
 * HTTP endpoint's job, with the returned {@link PendingLogin}.
 */
final class WctxCorrelation {

  private WctxCorrelation() {}

  static @Nullable PendingLogin check(
      @Nullable String wctx, String issuer, PendingLogins pending, boolean allowUnsolicited)
      throws Rejection {
    Optional<String> requestId = wctx == null ? Optional.empty() : PendingLogins.requestIdOf(wctx);
    if (requestId.isEmpty()) {
      if (!allowUnsolicited) {
        throw new Rejection(
            Reason.UNSOLICITED,
            "sign-in from '"
                + issuer
                + "' carries no wctx of"
                + " ours and unsolicited sign-ins are not allowed");
      }
      return null;
    }
    String id = requestId.get();
    PendingLogin login =
        pending
            .consume(id)
            .orElseThrow(
                () ->
                    new Rejection(
                        Reason.UNKNOWN_IN_RESPONSE_TO,
                        "wctx names request "
                            + id
                            + ", which is not outstanding (expired, used, or never sent)"));
    if (login.protocol() != Protocol.WSFED || !login.idpEntityId().equals(issuer)) {
      throw new Rejection(
          Reason.UNKNOWN_IN_RESPONSE_TO,
          "request "
              + id
              + " was a "
              + login.protocol()
              + " login to '"
              + login.idpEntityId()
              + "' but a WS-Fed sign-in from '"
              + issuer
              + "' answered");
    }
    return login;
  }
}
