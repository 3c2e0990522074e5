package org.spgate.core.saml2;

import org.jspecify.annotations.Nullable;

/**
 * How the browser is sent to the IdP: a redirect URL (HTTP-Redirect binding), or a form to
 * auto-submit (HTTP-POST binding).
 *
 * @param redirectUrl the URL to redirect to, or {@code null} for the POST binding
 * @param postUrl the form action, or {@code null}
 * @param samlRequest the base64 AuthnRequest for the form, or {@code null}
 * @param relayState the RelayState for the form, or {@code null}
 */
public record LoginRequest(
    @Nullable String redirectUrl,
    @Nullable String postUrl,
    @Nullable String samlRequest,
    @Nullable String relayState) {}
