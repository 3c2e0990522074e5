/**
 * WS-Federation passive requestor profile (AD FS): sign-in and sign-out URLs, and the consumer that
 * turns a POSTed {@code wresult} (a WS-Trust RSTR wrapping a signed SAML 1.1 or 2.0 assertion,
 * plain or encrypted for the SP) into a verified assertion.
 */
@NullMarked
package org.spgate.core.wsfed;

import org.jspecify.annotations.NullMarked;
