package org.spgate.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.devidp.IdpMetadataWriter;
import org.spgate.core.devidp.ResponseMinter;
import org.spgate.core.devidp.ResponseSpec;
import org.spgate.core.devidp.WsFedTokenMinter;

/**
 * A test IdP: a key generated for this test run, its metadata, and the shared {@link
 * ResponseMinter}. Keys are cached per JVM because RSA generation costs ~100 ms.
 */
public final class TestIdp {

  public static final String ENTITY_ID = "https://idp.test.example/idp/shibboleth";
  public static final String SSO_URL = "https://idp.test.example/idp/profile/SAML2/Redirect/SSO";

  private static final SpCredential IDP_KEY = TestKeys.generate("idp.test.example");

  private final ResponseMinter minter;
  private final WsFedTokenMinter wsFed;

  public TestIdp(Clock clock) {
    this.minter = new ResponseMinter(ENTITY_ID, IDP_KEY, clock);
    this.wsFed = new WsFedTokenMinter(ENTITY_ID, IDP_KEY, clock);
  }

  /** The WS-Federation (AD FS-shaped) token minter with the same key and clock. */
  public WsFedTokenMinter wsFed() {
    return wsFed;
  }

  /** The IdP's key pair. */
  public SpCredential key() {
    return IDP_KEY;
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

  /** The IdP's metadata XML. */
  public String metadataXml(boolean wantAuthnRequestsSigned) {
    return IdpMetadataWriter.write(ENTITY_ID, SSO_URL, IDP_KEY, wantAuthnRequestsSigned);
  }

  /** Writes the IdP's metadata into {@code dir} and returns the file. */
  public Path writeMetadata(Path dir) throws IOException {
    Path file = dir.resolve("idp-metadata.xml");
    Files.writeString(file, metadataXml(false));
    return file;
  }

  /** Keys made at test time. */
  public static final class TestKeys {
    private TestKeys() {}

    /** A 2048-bit RSA key with a self-signed certificate valid around now. */
    public static SpCredential generate(String commonName) {
      return KeyPairs.selfSigned(commonName, 2048, Instant.now().minus(Duration.ofDays(1)),
          Duration.ofDays(30));
    }
  }
}
