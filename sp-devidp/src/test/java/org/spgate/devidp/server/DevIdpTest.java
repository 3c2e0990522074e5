package org.spgate.devidp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.devidp.testing.Browser;

/** {@link DevIdp#start}, the development IdP as {@code spgate demo} starts it. */
class DevIdpTest {

  private static final String SP = "http://127.0.0.1:1/shibboleth";
  private static final String ACS = "http://127.0.0.1:1/Shibboleth.sso/SAML2/POST";

  private static DevIdp.Settings settings(String host) {
    return new DevIdp.Settings(SP, ACS, host, false, DevUsers.defaults());
  }

  @Test
  void startWhenLoopbackThenServesTheMetadataItWroteForTheSp(@TempDir Path dir) throws Exception {
    try (DevIdp idp = DevIdp.start(settings("127.0.0.1"), dir)) {
      HttpResponse<String> served = new Browser().get(idp.server().metadataUrl(), null);

      assertThat(idp.metadata()).isEqualTo(dir.resolve("devidp-metadata.xml"));
      assertThat(Files.readString(idp.metadata()))
          .contains("Location=\"" + idp.server().ssoUrl() + "\"")
          .isEqualTo(served.body());
      assertThat(idp.server().users()).hasSize(3);
    }
  }

  @Test
  void startWhenHostIsNotLoopbackThenRefusesAndWritesNothing(@TempDir Path dir) throws Exception {
    assertThatExceptionOfType(DevIdpServer.NotLoopbackException.class)
        .isThrownBy(() -> DevIdp.start(settings("0.0.0.0"), dir))
        .withMessageContaining("non-loopback address 0.0.0.0");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
