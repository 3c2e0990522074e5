package org.spgate.core.wsfed;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * The parts of a RequestSecurityTokenResponse that spgate uses. None of them is signed: the wrapper
 * can only narrow acceptance (AppliesTo, Lifetime), never widen it.
 *
 * @param token the single element inside {@code RequestedSecurityToken}: a SAML 1.1 or 2.0
 *     Assertion, or an encrypted one ({@code xenc:EncryptedData}, {@code saml2:EncryptedAssertion})
 * @param appliesTo the {@code wsp:AppliesTo/wsa:EndpointReference/wsa:Address} (either
 *     WS-Addressing namespace), stripped, or {@code null} when AppliesTo is absent
 * @param created the {@code t:Lifetime/wsu:Created}, or {@code null}
 * @param expires the {@code t:Lifetime/wsu:Expires}, or {@code null}
 */
record Rstr(
    Element token,
    @Nullable String appliesTo,
    @Nullable Instant created,
    @Nullable Instant expires) {}
