/**
 * Builds the protocol consumers (SAML 2.0 Web SSO, WS-Federation passive sign-in) of one SP from
 * its settings: the one place their wiring is written, for the runtime, the benchmarks and the
 * tests.
 */
@NullMarked
package org.spgate.core.consumer;

import org.jspecify.annotations.NullMarked;
