/**
 * SAML 2.0 Web Browser SSO: AuthnRequest creation, HTTP-POST decoding, signature verification and
 * response validation.
 */
@NullMarked
package org.spgate.core.saml2;

import org.jspecify.annotations.NullMarked;
