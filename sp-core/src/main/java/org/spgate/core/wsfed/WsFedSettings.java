package org.spgate.core.wsfed;

import java.time.Duration;

/**
 * What the WS-Federation sign-in consumer checks against.
 *
 * @param realm this SP's entityID: the expected {@code wtrealm}, AppliesTo address and Audience
 * @param replyUrl the externally visible ADFS endpoint URL ({@code wreply})
 * @param messageLifetime how old an assertion's IssueInstant may be
 * @param maxMessageBytes the limit on the UTF-8 size of {@code wresult}
 * @param allowUnsolicited whether sign-ins without one of our {@code wctx} values are accepted
 *     (IdP-initiated sign-in); off unless configured
 */
public record WsFedSettings(
    String realm,
    String replyUrl,
    Duration messageLifetime,
    int maxMessageBytes,
    boolean allowUnsolicited) {}
