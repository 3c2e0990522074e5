package org.spgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.spgate.core.config.ConfigException;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.ResponseMinter;
import org.spgate.devidp.ResponseSpec;

/**
 * The development IdP of a bench run: {@code main --dir DIR} generates a key and writes {@code
 * idp-cert.pem}, {@code idp-key.pem} and {@code idp-metadata.xml} there; the other helpers load the
 * key back to mint responses spgate trusts. Generated per run, never committed.
 */
public final class BenchIdp {

  private final ResponseMinter minter;

  private BenchIdp(SpCredential key) {
    this.minter = new ResponseMinter(BenchFixtures.IDP_ENTITY_ID, key, Clock.systemUTC());
  }

  /** The IdP whose key is in {@code dir}. */
  static BenchIdp load(Path dir) throws ConfigException {
    return new BenchIdp(PemFiles.load(dir.resolve("idp-cert.pem"), dir.resolve("idp-key.pem")));
  }

  /**
   * A response to {@code entityId} at {@code acs}, valid for an hour, with the attributes of {@code
   * size}.
   */
  ResponseSpec spec(String entityId, String acs, String size, int n) {
    ResponseSpec spec = minter.spec(entityId, acs);
    spec.validity = Duration.ofHours(1);
    return BenchFixtures.attributes(spec, size, n);
  }

  String mint(ResponseSpec spec) {
    return minter.mint(spec);
  }

  public static void main(String[] argv) throws Exception {
    Path dir = Path.of(new Args(argv).get("dir"));
    Files.createDirectories(dir);
    SpCredential key = BenchFixtures.newIdpKey();
    PemFiles.write(key, dir.resolve("idp-cert.pem"), dir.resolve("idp-key.pem"));
    Files.writeString(
        dir.resolve("idp-metadata.xml"),
        IdpMetadataWriter.write(
            BenchFixtures.IDP_ENTITY_ID, BenchFixtures.IDP_SSO_URL, key, false));
  }
}
