package org.spgate.core.wsfed;

import java.time.Instant;
import org.spgate.core.assertion.VerifiedAssertion;

/**
 * A token whose signature and conditions passed, not yet correlated or replay-checked.
 *
 * @param assertion what the verified assertion says
 * @param replayUntil how long its ID must be remembered: its NotOnOrAfter plus the clock skew
 */
record VerifiedToken(VerifiedAssertion assertion, Instant replayUntil) {}
