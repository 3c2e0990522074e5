package org.spgate.core.wsfed;

import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.login.PendingLogin;

/**
 * A WS-Federation sign-in that passed every check.
 *
 * @param assertion what the verified assertion says
 * @param pendingLogin the login named by {@code wctx}, or {@code null} for an unsolicited
 *     (IdP-initiated) sign-in
 */
public record WsFedLogin(VerifiedAssertion assertion, @Nullable PendingLogin pendingLogin) {}
