package org.spgate.core.assertion;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an assertion says, read only from the element that a verified signature covers, after all
 * protocol checks passed. Nothing else in spgate reads assertion XML.
 *
 * @param protocol how it was delivered
 * @param issuer the IdP's entityID
 * @param assertionId the assertion's ID (SAML 2.0 {@code ID}, SAML 1.1 {@code AssertionID})
 * @param subject the subject's name identifier, or {@code null} when the assertion has none
 * @param authnInstant the authentication instant as the IdP wrote it (verbatim, for headers)
 * @param authnMethod the SAML 1.1 AuthenticationMethod or the SAML 2.0 AuthnContextClassRef
 * @param authnContextClass the SAML 2.0 AuthnContextClassRef, or {@code null}
 * @param sessionIndex the SAML 2.0 SessionIndex, or {@code null}
 * @param sessionNotOnOrAfter the IdP's cap on the session's lifetime, or {@code null}
 * @param attributes the attributes of all attribute statements, in document order
 */
public record VerifiedAssertion(
    Protocol protocol,
    String issuer,
    String assertionId,
    @Nullable NameIdValue subject,
    @Nullable String authnInstant,
    @Nullable String authnMethod,
    @Nullable String authnContextClass,
    @Nullable String sessionIndex,
    @Nullable Instant sessionNotOnOrAfter,
    List<RawAttribute> attributes) {
  public VerifiedAssertion {
    attributes = List.copyOf(attributes);
  }
}
