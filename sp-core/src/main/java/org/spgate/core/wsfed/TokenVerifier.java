package org.spgate.core.wsfed;

import org.spgate.core.check.Rejection;
import org.w3c.dom.Element;

/**
 * Verifies one kind of token found in a RequestedSecurityToken: SAML 1.1 ({@link
 * Saml11TokenVerifier}) or SAML 2.0 ({@link Saml2TokenVerifier}).
 */
interface TokenVerifier {

  /** Unmarshals, authenticates and checks {@code token}; reads values only from what verified. */
  VerifiedToken verify(Element token) throws Rejection;
}
