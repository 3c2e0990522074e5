package org.spgate.core.login;

import org.jspecify.annotations.Nullable;

/**
 * A Single Logout spgate started at an IdP and has not seen answered: the LogoutRequest's ID, the
 * IdP it went to (the only issuer whose LogoutResponse may answer it) and where the browser goes
 * once the IdP confirmed.
 *
 * @param requestId the LogoutRequest ID (what the LogoutResponse's InResponseTo names)
 * @param idpEntityId the IdP the request went to
 * @param returnTo the checked {@code return} URL, or null for the signed-out page
 */
public record PendingLogout(String requestId, String idpEntityId, @Nullable String returnTo) {}
