/**
 * The development SAML 2.0 IdP behind {@code spgate demo}: an HTTP-Redirect SSO endpoint with a
 * password login page for YAML-listed test users, answering with responses minted by the shared
 * {@link org.spgate.devidp.ResponseMinter}; {@link org.spgate.devidp.server.DevIdp} starts it as
 * the demo does. Loopback only; never for production.
 */
@NullMarked
package org.spgate.devidp.server;

import org.jspecify.annotations.NullMarked;
