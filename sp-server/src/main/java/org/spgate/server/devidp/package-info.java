/**
 * The development SAML 2.0 IdP and echo backend behind {@code spgate demo}: an HTTP-Redirect SSO
 * endpoint with a password login page for YAML-listed test users, answering with responses minted
 * by the shared {@link org.spgate.devidp.ResponseMinter}. Loopback only; never for production.
 */
@NullMarked
package org.spgate.server.devidp;

import org.jspecify.annotations.NullMarked;
