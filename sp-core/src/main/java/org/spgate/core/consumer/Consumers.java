package org.spgate.core.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.config.SpConfig;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.saml2.Saml2Settings;
import org.spgate.core.wsfed.WsFedSettings;
import org.spgate.core.wsfed.WsFedSignInConsumer;

/**
 * The consumers of one SP. Both share the trusted IdPs, the logins in flight, the replay cache, the
 * time window and the signature policy, so an assertion ID seen by one is a replay for the other
 * and a login started with one protocol cannot be completed with the other.
 *
 * @param saml2 the SAML 2.0 Response consumer
 * @param wsFed the WS-Federation sign-in consumer
 */
public record Consumers(Saml2ResponseConsumer saml2, WsFedSignInConsumer wsFed) {

  /**
   * What the consumers check against.
   *
   * @param entityId the SP's entity ID (SAML 2.0 audience) and WS-Fed realm
   * @param acsUrl the SAML 2.0 assertion consumer URL (the Response's Destination)
   * @param wsFedReplyUrl the WS-Fed endpoint URL
   * @param messageLifetime how old an IssueInstant may be
   * @param maxMessageBytes the largest message accepted, before decoding
   * @param allowUnsolicited whether responses no login of ours asked for are accepted
   * @param allowSha1 whether SHA-1 signatures and digests are accepted (legacy IdPs)
   * @param clockSkew the tolerance of every time comparison
   */
  public record Settings(
      String entityId,
      String acsUrl,
      String wsFedReplyUrl,
      Duration messageLifetime,
      int maxMessageBytes,
      boolean allowUnsolicited,
      boolean allowSha1,
      Duration clockSkew) {

    /** The settings of {@code config}'s SP, whose endpoints are at the two URLs given. */
    public static Settings of(SpConfig config, String acsUrl, String wsFedReplyUrl) {
      return new Settings(
          config.entityId(),
          acsUrl,
          wsFedReplyUrl,
          config.security().messageLifetime(),
          config.security().maxMessageBytes(),
          config.security().allowUnsolicited(),
          config.security().allowSha1(),
          config.security().clockSkew());
    }
  }

  /**
   * Builds both consumers. OpenSAML must be initialised.
   *
   * @param idps the trusted IdPs
   * @param pending the logins in flight (consumed by the answers to them)
   * @param replay the assertion IDs already accepted
   * @param clock the clock every time check reads
   * @param decryptionKeys the SP's keys for EncryptedAssertions (may be empty)
   */
  public static Consumers build(
      Settings settings,
      IdpRegistry idps,
      PendingLogins pending,
      ReplayCache replay,
      Clock clock,
      List<SpCredential> decryptionKeys) {
    SignatureVerifier signatures = new SignatureVerifier(new AlgorithmPolicy(settings.allowSha1()));
    TimeWindow time = new TimeWindow(clock, settings.clockSkew());
    Saml2ResponseConsumer saml2 =
        new Saml2ResponseConsumer(
            new Saml2Settings(
                settings.entityId(),
                settings.acsUrl(),
                settings.messageLifetime(),
                settings.maxMessageBytes(),
                settings.allowUnsolicited()),
            idps,
            signatures,
            pending,
            replay,
            time,
            decryptionKeys);
    WsFedSignInConsumer wsFed =
        new WsFedSignInConsumer(
            new WsFedSettings(
                settings.entityId(),
                settings.wsFedReplyUrl(),
                settings.messageLifetime(),
                settings.maxMessageBytes(),
                settings.allowUnsolicited()),
            idps,
            signatures,
            pending,
            replay,
            time);
    return new Consumers(saml2, wsFed);
  }
}
