package org.spgate.core.saml2;

import java.time.Duration;

/**
 * What the SAML 2.0 assertion consumer checks against.
 *
 * @param spEntityId this SP's entityID (the expected Audience)
 * @param acsUrl the externally visible assertion consumer URL (Destination and Recipient)
 * @param messageLifetime how old a Response's IssueInstant may be
 * @param maxMessageBytes the limit on decoded message size
 * @param allowUnsolicited whether responses without InResponseTo are accepted
 */
public record Saml2Settings(
    String spEntityId,
    String acsUrl,
    Duration messageLifetime,
    int maxMessageBytes,
    boolean allowUnsolicited) {}
