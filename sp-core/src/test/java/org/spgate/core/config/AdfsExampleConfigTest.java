package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.attribute.AttributeMap;
import org.spgate.core.attribute.AttributeMapper;
import org.spgate.core.attribute.ScopePolicy;

/**
 * {@code examples/adfs/spgate.yaml} loads, sets what the AD FS guide says, and its attribute map
 * maps AD FS's upn claim, in both token forms, to the attribute the remote user is taken from.
 */
class AdfsExampleConfigTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "adfs", "spgate.yaml");
  private static final String CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";

  @TempDir Path tmp;

  @Test
  void adfsExampleWhenLoadedThenWsFedWithCbcAndUpnAsRemoteUser()
      throws IOException, ConfigException {
    Path dir = tmp.resolve("examples/adfs");
    Files.createDirectories(dir);
    for (String file : List.of("sp-cert.pem", "sp-key.pem", "adfs-metadata.xml")) {
      Files.writeString(dir.resolve(file), "placeholder");
    }
    Path maps = tmp.resolve("attribute-maps");
    Files.createDirectories(maps);
    Files.copy(
        Path.of("..", "attribute-maps", "attribute-map.xml"), maps.resolve("attribute-map.xml"));

    SpConfig config =
        ConfigLoader.parse(
            Files.readString(EXAMPLE, StandardCharsets.UTF_8), dir.resolve("spgate.yaml"));

    assertThat(config.idp().protocol()).isEqualTo(LoginProtocol.WSFED);
    assertThat(config.security().allowCbcEncryption()).isTrue();
    assertThat(config.security().allowUnsolicited()).isFalse();
    assertThat(config.headers().remoteUserAttributes()).containsExactly("upn", "email");
    AttributeMapper mapper =
        new AttributeMapper(AttributeMap.load(config.attributeMap()), config.entityId());
    // SAML 1.1 (WS-Fed default): AttributeNamespace + AttributeName; SAML 2.0: the claim URI.
    assertThat(mapper.map(token(new RawAttribute("upn", CLAIMS, values())), ScopePolicy.none()))
        .containsEntry("upn", List.of("alice@corp.example"));
    assertThat(
            mapper.map(
                token(new RawAttribute(CLAIMS + "/upn", null, values())), ScopePolicy.none()))
        .containsEntry("upn", List.of("alice@corp.example"));
  }

  private static List<RawValue> values() {
    return List.of(RawValue.of("alice@corp.example"));
  }

  private static VerifiedAssertion token(RawAttribute attribute) {
    return new VerifiedAssertion(
        Protocol.WSFED,
        "http://adfs.example.org/adfs/services/trust",
        "_1",
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(attribute));
  }
}
