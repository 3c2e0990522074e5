package org.spgate.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the SAML message checks and of the redirect policy.
 *
 * @param clockSkew tolerance when comparing the IdP's timestamps with our clock
 * @param messageLifetime maximum age of a Response's IssueInstant
 * @param maxMessageBytes maximum size of a decoded SAML message (XML bytes)
 * @param allowUnsolicited whether IdP-initiated SSO (a Response without a request) is accepted
 * @param allowSha1 whether SHA-1 signatures and digests are accepted (legacy IdPs)
 * @param redirectAllowList origins besides our own that {@code target}/{@code return} may name
 * @param bindSessionToAddress whether a session is only valid from the client address it began at
 * @param allowCbcEncryption whether AES-CBC encrypted assertions are decrypted when no verified
 *     signature covers the ciphertext (AD FS's default); off: only inside a signed Response
 * @param decryptionFailuresPerMinute how many sign-ins whose decryption failed one client address
 *     may send per minute before its sign-ins are refused (padding-oracle defence)
 */
public record SecurityConfig(
    Duration clockSkew,
    Duration messageLifetime,
    int maxMessageBytes,
    boolean allowUnsolicited,
    boolean allowSha1,
    List<URI> redirectAllowList,
    boolean bindSessionToAddress,
    boolean allowCbcEncryption,
    int decryptionFailuresPerMinute) {

  /** Copies the list so the record stays immutable. */
  public SecurityConfig {
    redirectAllowList = List.copyOf(redirectAllowList);
  }
}
