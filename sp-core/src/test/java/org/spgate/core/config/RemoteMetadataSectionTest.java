package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idp.remoteMetadata}: each mistake with its line and key, beside an accepted source. */
class RemoteMetadataSectionTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
    dir.write("fed.pem", "cert");
    dir.write("state/keep", "");
  }

  private static String config(String... sourceLines) {
    StringBuilder yaml =
        new StringBuilder(
            "publicUrl: https://sp.example.org\nidp:\n  entityId: https://idp.example.org\n"
                + "  remoteMetadata:\n");
    for (int i = 0; i < sourceLines.length; i++) {
      yaml.append(i == 0 ? "    - " : "      ").append(sourceLines[i]).append('\n');
    }
    return yaml.append("routes:\n  - path: /\n    backend: http://127.0.0.1:8081\n").toString();
  }

  @Test
  void aSignedSourceWithItsCacheFileIsAcceptedWithDefaults() throws ConfigException {
    String yaml =
        config(
            "url: https://mds.example.org/idps.xml",
            "signingCert: fed.pem",
            "cacheFile: state/fed.xml",
            "entities: https://idp.example.org");
    RemoteMetadataConfig source = dir.load(yaml).idp().remoteMetadata().get(0);
    assertThat(source.url()).isEqualTo(URI.create("https://mds.example.org/idps.xml"));
    assertThat(source.signingCert()).isEqualTo(tmp.resolve("fed.pem"));
    assertThat(source.cacheFile()).isEqualTo(tmp.resolve("state/fed.xml"));
    assertThat(source.minRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(source.maxRefresh()).isEqualTo(Duration.ofHours(24));
    assertThat(source.wanted("https://idp.example.org")).isTrue();
    assertThat(source.wanted("https://other.example.org")).isFalse();
    assertThat(source.key()).isEqualTo("idp.remoteMetadata[0]");
  }

  @Test
  void aSourceWithoutSigningCertIsRefusedUnlessTheOptOutIsWrittenOut() throws ConfigException {
    String yaml = config("url: https://mds.example.org/idps.xml", "cacheFile: state/fed.xml");
    dir.onlyProblem(
        yaml, lineOf(yaml, "url:"), "idp.remoteMetadata[0].signingCert", "required key is missing");
    String optOut =
        config(
            "url: https://mds.example.org/idps.xml",
            "cacheFile: state/fed.xml",
            "insecureNoSignatureCheck: true");
    RemoteMetadataConfig source = dir.load(optOut).idp().remoteMetadata().get(0);
    assertThat(source.insecureNoSignatureCheck()).isTrue();
    assertThat(source.signingCert()).isNull();
  }

  @Test
  void plainHttpIsRefused() {
    String yaml =
        config(
            "url: http://mds.example.org/idps.xml",
            "signingCert: fed.pem",
            "cacheFile: state/fed.xml");
    dir.onlyProblem(yaml, lineOf(yaml, "http://"), "idp.remoteMetadata[0].url", "https URL");
  }

  @Test
  void aCacheFileInAMissingDirectoryIsRefused() {
    String yaml =
        config(
            "url: https://mds.example.org/idps.xml",
            "signingCert: fed.pem",
            "cacheFile: nowhere/fed.xml");
    dir.onlyProblem(
        yaml, lineOf(yaml, "nowhere"), "idp.remoteMetadata[0].cacheFile", "does not exist");
  }

  @Test
  void maxRefreshBelowMinRefreshIsRefused() {
    String yaml =
        config(
            "url: https://mds.example.org/idps.xml",
            "signingCert: fed.pem",
            "cacheFile: state/fed.xml",
            "minRefresh: 1h",
            "maxRefresh: 30m");
    dir.onlyProblem(
        yaml,
        lineOf(yaml, "maxRefresh"),
        "idp.remoteMetadata[0].maxRefresh",
        "at least minRefresh");
  }

  @Test
  void aUrlAmongTheMetadataFilesPointsToRemoteMetadata() {
    String yaml =
        "publicUrl: https://sp.example.org\nidp:\n  metadata: https://mds.example.org/x.xml\n"
            + "routes:\n  - path: /\n    backend: http://127.0.0.1:8081\n";
    dir.onlyProblem(yaml, 3, "idp.metadata", "list it under idp.remoteMetadata");
  }

  @Test
  void anMdqSourceIsAcceptedWithItsBoundsDefaulted() throws ConfigException {
    String yaml = config("mdq: https://mdq.example.org/", "signingCert: fed.pem");
    IdpConfig idp = dir.load(yaml).idp();
    assertThat(idp.remoteMetadata()).isEmpty();
    MdqConfig mdq = idp.mdq().get(0);
    assertThat(mdq.baseUrl()).isEqualTo(URI.create("https://mdq.example.org/"));
    assertThat(mdq.maxEntities()).isEqualTo(1_000);
    assertThat(mdq.notFoundTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(mdq.fetchesPerMinute()).isEqualTo(60);
    assertThat(mdq.key()).isEqualTo("idp.remoteMetadata[0]");
    assertThat(idp.hasRemoteSources()).isTrue();
  }

  @Test
  void anMdqSourceWithoutSigningCertIsRefused() {
    String yaml = config("mdq: https://mdq.example.org/", "maxEntities: 50");
    dir.onlyProblem(
        yaml, lineOf(yaml, "mdq:"), "idp.remoteMetadata[0].signingCert", "required key is missing");
  }

  @Test
  void anMdqSourceOverPlainHttpIsRefused() {
    String yaml = config("mdq: http://mdq.example.org/", "signingCert: fed.pem");
    dir.onlyProblem(yaml, lineOf(yaml, "http://"), "idp.remoteMetadata[0].mdq", "https URL");
  }

  @Test
  void anMdqSourceWithoutIdpEntityIdIsRefused() {
    String yaml =
        config("mdq: https://mdq.example.org/", "signingCert: fed.pem")
            .replace("  entityId: https://idp.example.org\n", "");
    dir.onlyProblem(
        yaml, lineOf(yaml, "remoteMetadata:"), "idp.entityId", "required with an mdq source");
  }
}
