/**
 * A small SAML 2.0 identity provider for development and tests: signed responses minted on demand.
 */
@NullMarked
package org.spgate.devidp;

import org.jspecify.annotations.NullMarked;
