package org.spgate.core.saml2.logout;

import org.jspecify.annotations.Nullable;

/**
 * Whom a LogoutRequest names: the NameID exactly as the IdP sent it at login (value, Format,
 * NameQualifier, SPNameQualifier — an IdP matches on all of them) and the login's SessionIndex.
 *
 * @param sessionIndex the AuthnStatement's SessionIndex, or null when the IdP sent none (an
 *     IdP-initiated request without one ends every session of the NameID)
 */
public record LogoutSubject(
    String nameId,
    @Nullable String format,
    @Nullable String nameQualifier,
    @Nullable String spNameQualifier,
    @Nullable String sessionIndex) {}
