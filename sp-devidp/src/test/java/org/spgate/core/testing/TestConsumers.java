package org.spgate.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.config.ConfigException;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.time.ClockTicker;

/**
 * Builds a {@link Saml2ResponseConsumer} that trusts one {@link TestIdp} (through its metadata
 * file, as in production) and runs on a {@link MutableClock}; valid by default, each builder method
 * changes one setting.
 */
public final class TestConsumers {

  public static final String SP_ENTITY_ID = "https://sp.test.example/shibboleth";
  public static final String ACS_URL = "https://sp.test.example/Shibboleth.sso/SAML2/POST";
  public static final String WSFED_URL = "https://sp.test.example/Shibboleth.sso/ADFS";
  public static final Duration SKEW = Duration.ofSeconds(180);
  public static final Duration MESSAGE_LIFETIME = Duration.ofMinutes(5);

  private final TestIdp idp;
  private final MutableClock clock;
  private boolean allowUnsolicited;
  private boolean allowSha1;
  private List<SpCredential> decryptionCredentials = List.of();
  private boolean allowCbc;

  private TestConsumers(TestIdp idp, MutableClock clock) {
    this.idp = idp;
    this.clock = clock;
  }

  /** A builder for a consumer that trusts {@code idp}'s metadata. */
  public static TestConsumers trusting(TestIdp idp, MutableClock clock) {
    return new TestConsumers(idp, clock);
  }

  /** The SP's encryption keys: {@code current()} and {@code next()} of a rollover, per JVM. */
  public static final class SpKeys {
    private static final SpCredential CURRENT = TestIdp.TestKeys.generate("sp.test.example");
    private static final SpCredential NEXT = TestIdp.TestKeys.generate("sp-next.test.example");

    private SpKeys() {}

    /** The SP's current key. */
    public static SpCredential current() {
      return CURRENT;
    }

    /** The SP's next key (published alongside the current one during a rollover). */
    public static SpCredential next() {
      return NEXT;
    }
  }

  /** Accept responses without InResponseTo. */
  public TestConsumers allowUnsolicited() {
    this.allowUnsolicited = true;
    return this;
  }

  /** Accept rsa-sha1 / sha1 signatures. */
  public TestConsumers allowSha1() {
    this.allowSha1 = true;
    return this;
  }

  /** Decrypt AES-CBC EncryptedAssertions in unsigned Responses (security.allowCbcEncryption). */
  public TestConsumers allowCbc() {
    this.allowCbc = true;
    return this;
  }

  /** Decrypt EncryptedAssertions with {@code credentials}. */
  public TestConsumers decryptWith(SpCredential... credentials) {
    this.decryptionCredentials = List.of(credentials);
    return this;
  }

  /** The consumer, with a fresh pending-login store and replay cache. */
  public TestSp build() {
    ClockTicker ticker = new ClockTicker(clock);
    IdpRegistry registry = registry(idp, clock);
    PendingLogins pending = new CaffeinePendingLogins(Duration.ofMinutes(10), 1000, ticker);
    Saml2ResponseConsumer consumer =
        Consumers.build(
                settings(allowUnsolicited, allowSha1, allowCbc),
                registry,
                pending,
                new CaffeineReplayCache(1000, clock, ticker),
                clock,
                new ArrayList<>(decryptionCredentials))
            .saml2();
    return new TestSp(idp, clock, pending, consumer);
  }

  /** The test SP's consumer settings: 1 MiB messages, the skew and lifetime above. */
  public static Consumers.Settings settings(boolean allowUnsolicited, boolean allowSha1) {
    return settings(allowUnsolicited, allowSha1, false);
  }

  /** The same, decrypting AES-CBC without a signature around it when {@code allowCbc}. */
  public static Consumers.Settings settings(
      boolean allowUnsolicited, boolean allowSha1, boolean allowCbc) {
    return new Consumers.Settings(
        SP_ENTITY_ID,
        ACS_URL,
        WSFED_URL,
        MESSAGE_LIFETIME,
        1 << 20,
        allowUnsolicited,
        allowSha1,
        SKEW,
        allowCbc);
  }

  /** A registry trusting {@code idp}, loaded from its metadata file as in production. */
  public static IdpRegistry registry(TestIdp idp, MutableClock clock) {
    try {
      Path dir = Files.createTempDirectory("spgate-test-idp");
      Path file = idp.writeMetadata(dir);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(file), clock);
      return new IdpRegistry(idps, idps.get(0), clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException("test IdP metadata refused: " + e.getMessage(), e);
    }
  }
}
