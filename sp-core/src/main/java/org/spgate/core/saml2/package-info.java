/**
 * SAML 2.0 Web Browser SSO: AuthnRequest creation, HTTP-POST decoding and the Response and
 * Assertion checks (signatures and XML security come from {@code core.opensaml}).
 */
@NullMarked
package org.spgate.core.saml2;

import org.jspecify.annotations.NullMarked;
