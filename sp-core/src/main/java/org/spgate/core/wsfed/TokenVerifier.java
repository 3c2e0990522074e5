package org.spgate.core.wsfed;

import org.spgate.core.check.Rejection;
import org.w3c.dom.Element;

/**
 * Verifies one kind of token found in a RequestedSecurityToken: SAML 1.1 ({@link
 * Saml11TokenVerifier}) or SAML 2.0 ({@link Saml2TokenVerifier}), in two steps. {@link
 * #authenticate} establishes who speaks (unmarshalling, issuer, the signature with the issuer's
 * metadata keys); for a decrypted token it runs inside the uniform-failure step together with the
 * decryption, because until the signature verified its content may be an attacker's alteration.
 * {@link #check} then applies the protocol checks to the authenticated object and reads it.
 *
 * @param <A> the authenticated assertion type
 */
interface TokenVerifier<A> {

  /** Unmarshals {@code token} and verifies its signature with its issuer's metadata keys. */
  A authenticate(Element token) throws Rejection;

  /** Checks and reads an authenticated assertion; reads values only from what verified. */
  VerifiedToken check(A assertion) throws Rejection;
}
