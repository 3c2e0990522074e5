/**
 * The verified, protocol-neutral view of an assertion, and the checks shared by SAML 2.0 and
 * WS-Federation.
 */
@NullMarked
package org.spgate.core.assertion;

import org.jspecify.annotations.NullMarked;
