package org.spgate.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.ResponseMinter;
import org.spgate.devidp.ResponseSpec;
import org.spgate.devidp.WsFedTokenMinter;

/**
 * A test IdP: a key generated for this test run, its metadata, and the shared {@link
 * ResponseMinter}. Keys are cached per JVM because RSA generation costs ~100 ms.
 */
public final class TestIdp {

  public static final String ENTITY_ID = "https://idp.test.example/idp/shibboleth";
  public static final String SSO_URL = "https://idp.test.example/idp/profile/SAML2/Redirect/SSO";
  public static final String SLO_URL = "https://idp.test.example/idp/profile/SAML2/Redirect/SLO";
  public static final String WSFED_URL = "https://idp.test.example/adfs/ls/";

  private static final SpCredential IDP_KEY = TestKeys.generate("idp.test.example");

  private final ResponseMinter minter;
  private final WsFedTokenMinter wsFed;
  private final String entityId;
  private final SpCredential key;

  /** The trusted test Idp: {@link #ENTITY_ID} with its per-JVM key. */
  public TestIdp(Clock clock) {
    this(clock, ENTITY_ID, IDP_KEY);
  }

  /** An IdP named {@code entityId} that signs with {@code key}. */
  public TestIdp(Clock clock, String entityId, SpCredential key) {
    this.entityId = entityId;
    this.key = key;
    this.minter = new ResponseMinter(entityId, key, clock);
    this.wsFed = new WsFedTokenMinter(entityId, key, clock);
  }

  /** The WS-Federation (AD FS-shaped) token minter with the same key and clock. */
  public WsFedTokenMinter wsFed() {
    return wsFed;
  }

  /**
   * An attacker claiming to be {@link #ENTITY_ID}: same entityID, its own key (whose certificate it
   * puts in KeyInfo). Its metadata must never be loaded by a consumer under test.
   */
  public static TestIdp attacker(Clock clock) {
    return new TestIdp(clock, ENTITY_ID, Keys.ATTACKER);
  }

  /** The trusted IdP's name with a 1024-bit RSA key (too weak to accept, even from metadata). */
  public static TestIdp weakKey(Clock clock) {
    return new TestIdp(clock, ENTITY_ID, Keys.RSA_1024);
  }

  /** The IdP's entityID. */
  public String entityId() {
    return entityId;
  }

  /** The IdP's key pair. */
  public SpCredential key() {
    return key;
  }

  /** The minter. */
  public ResponseMinter minter() {
    return minter;
  }

  /** A valid-by-default response description. */
  public ResponseSpec spec(String spEntityId, String acsUrl) {
    return minter.spec(spEntityId, acsUrl);
  }

  /** The base64 SAMLResponse for {@code spec}. */
  public String mint(ResponseSpec spec) {
    return minter.mint(spec);
  }

  /** The IdP's metadata XML (HTTP-Redirect SSO, and SLO at {@link #SLO_URL}). */
  public String metadataXml(boolean wantAuthnRequestsSigned) {
    return IdpMetadataWriter.write(entityId, SSO_URL, key, wantAuthnRequestsSigned, null, SLO_URL);
  }

  /** Metadata that also lists a WS-Federation passive endpoint ({@link #WSFED_URL}). */
  public String metadataXmlWithWsFed() {
    return IdpMetadataWriter.write(entityId, SSO_URL, key, false, WSFED_URL, SLO_URL);
  }

  /** Writes the IdP's metadata into {@code dir} and returns the file. */
  public Path writeMetadata(Path dir) throws IOException {
    Path file = dir.resolve("idp-metadata.xml");
    Files.writeString(file, metadataXml(false));
    return file;
  }

  /** Keys made on first use, once per JVM. */
  private static final class Keys {
    static final SpCredential ATTACKER = TestKeys.generate("attacker.test.example");
    static final SpCredential RSA_1024 =
        KeyPairs.selfSigned(
            "weak.test.example",
            1024,
            Instant.now().minus(Duration.ofDays(1)),
            Duration.ofDays(30));
  }

  /** Keys made at test time. */
  public static final class TestKeys {
    private TestKeys() {}

    /** A 2048-bit RSA key with a self-signed certificate valid around now. */
    public static SpCredential generate(String commonName) {
      return KeyPairs.selfSigned(
          commonName, 2048, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(30));
    }
  }
}
