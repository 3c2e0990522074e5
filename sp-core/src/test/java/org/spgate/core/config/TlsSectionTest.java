package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls} section: defaults, every key, and each mistake with its line and key. */
class TlsSectionTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenTlsHasCertAndKeyThenDefaultsAndHostCookie() throws ConfigException {
    SpConfig config = dir.load(minimalWith("tls: {cert: sp-cert.pem, key: sp-key.pem}"));

    TlsConfig tls = config.tls();
    assertThat(tls).isNotNull();
    assertThat(tls.cert()).isEqualTo(tmp.resolve("sp-cert.pem"));
    assertThat(tls.key()).isEqualTo(tmp.resolve("sp-key.pem"));
    assertThat(tls.http2()).isTrue();
    assertThat(tls.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(tls.redirectHttpFrom()).isNull();
    assertThat(tls.hstsMaxAge()).isZero();
    assertThat(config.cookie().secure()).isTrue();
    assertThat(config.cookie().name()).isEqualTo("__Host-spgate");
  }

  @Test
  void loadWhenNoTlsSectionThenPlainHttp() throws ConfigException {
    assertThat(dir.load(minimalWith("")).tls()).isNull();
  }

  @Test
  void loadWhenEveryTlsKeySetThenRead() throws ConfigException {
    TlsConfig tls =
        dir.load(
                minimalWith(
                    "tls:\n  cert: sp-cert.pem\n  key: sp-key.pem\n  http2: false\n"
                        + "  reloadInterval: 10s\n  redirectHttpFrom: 0.0.0.0:80\n"
                        + "  hstsMaxAge: 365d\n  hstsIncludeSubDomains: true"))
            .tls();

    assertThat(tls).isNotNull();
    assertThat(tls.http2()).isFalse();
    assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(tls.redirectHttpFrom()).isEqualTo(new InetSocketAddress("0.0.0.0", 80));
    assertThat(tls.hstsMaxAge()).isEqualTo(Duration.ofDays(365));
    assertThat(tls.hstsIncludeSubDomains()).isTrue();
  }

  @Test
  void loadWhenTlsKeyMissingThenReportsTheSection() {
    String yaml = minimalWith("tls:\n  cert: sp-cert.pem");

    // A nested block mapping starts at its first key's line.
    dir.onlyProblem(yaml, lineOf(yaml, "cert:"), "tls.key", "required key is missing");
  }

  @Test
  void loadWhenTlsCertFileMissingThenNamesTheFile() {
    String yaml = minimalWith("tls:\n  cert: nowhere.pem\n  key: sp-key.pem");

    ConfigProblem problem =
        dir.onlyProblem(yaml, lineOf(yaml, "nowhere.pem"), "tls.cert", "file not found");
    assertThat(problem.message()).contains(tmp.resolve("nowhere.pem").toString());
  }

  @Test
  void loadWhenTlsWithHttpPublicUrlThenRefused() {
    String yaml =
        minimalWith("tls:\n  cert: sp-cert.pem\n  key: sp-key.pem")
            .replace("https://sp.example.org", "http://sp.example.org");

    dir.onlyProblem(yaml, lineOf(yaml, "sp-cert.pem"), "tls.cert", "https publicUrl");
  }

  @Test
  void loadWhenReloadIntervalBelowOneSecondThenRefused() {
    String yaml = minimalWith("tls:\n  cert: sp-cert.pem\n  key: sp-key.pem\n  reloadInterval: 0s");

    dir.onlyProblem(yaml, lineOf(yaml, "reloadInterval"), "tls.reloadInterval", "from 1s");
  }

  @Test
  void loadWhenUnknownTlsKeyThenReported() {
    String yaml = minimalWith("tls:\n  cert: sp-cert.pem\n  key: sp-key.pem\n  ciphers: ALL");

    dir.onlyProblem(yaml, lineOf(yaml, "ciphers"), "tls.ciphers", "");
  }

  @Test
  void loadWhenRouteAsksForClientCertificatesWithoutClientCaThenRefused() {
    String yaml =
        TestConfigDir.minimalWithRoutes(
            "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\", clientCert: required}");

    dir.onlyProblem(yaml, lineOf(yaml, "clientCert"), "routes", "needs tls.clientCa");
  }

  @Test
  void loadWhenRouteAsksForClientCertificatesWithClientCaThenAccepted() throws ConfigException {
    String yaml =
        TestConfigDir.minimalWithRoutes(
                "routes:\n  - {path: /, backend: \"http://127.0.0.1:8081\", clientCert: optional}")
            + "tls: {cert: sp-cert.pem, key: sp-key.pem, clientCa: sp-cert.pem,"
            + " clientDnFormat: apache}\n";

    SpConfig config = dir.load(yaml);
    assertThat(config.routes().get(0).clientCert()).isEqualTo(AuthMode.OPTIONAL);
    assertThat(config.tls().apacheDn()).isTrue();
    assertThat(config.tls().clientCa()).isEqualTo(tmp.resolve("sp-cert.pem"));
  }
}
