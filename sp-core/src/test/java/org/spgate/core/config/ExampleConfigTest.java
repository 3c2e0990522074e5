package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/spgate.yaml} stays valid and its commented-out values stay the real defaults.
 *
 * <p>The example writes a default as {@code #key: value}; uncommenting all of them must load to the
 * same configuration as leaving them commented.
 */
class ExampleConfigTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "spgate.yaml");

  @TempDir Path tmp;
  private String example;

  @BeforeEach
  void setUp() throws IOException {
    new TestConfigDir(tmp);
    example = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
  }

  @Test
  void exampleWhenLoadedThenValid() throws ConfigException {
    SpConfig config = ConfigLoader.parse(example, tmp.resolve("spgate.yaml"));

    assertThat(config.routes()).hasSize(1);
    assertThat(config.credentials()).hasSize(1);
  }

  @Test
  void exampleWhenEveryDefaultIsUncommentedThenSameConfig() throws ConfigException {
    String uncommented = example.replaceAll("(?m)^(\\s*)#(?=[A-Za-z])", "$1");

    assertThat(uncommented).isNotEqualTo(example);
    assertThat(ConfigLoader.parse(uncommented, tmp.resolve("spgate.yaml")))
        .isEqualTo(ConfigLoader.parse(example, tmp.resolve("spgate.yaml")));
  }

  @Test
  void exampleWhenEveryDefaultIsUncommentedThenEveryKeyIsPresent() {
    String uncommented = example.replaceAll("(?m)^(\\s*)#(?=[A-Za-z])", "$1");

    for (String key :
        new String[] {
          "listen:",
          "entityId:",
          "handlerPath:",
          "attributeMap:",
          "clockSkew:",
          "messageLifetime:",
          "maxMessageSize:",
          "allowUnsolicited:",
          "allowSha1:",
          "redirectAllowList:",
          "bindSessionToAddress:",
          "lifetime:",
          "timeout:",
          "maxSessions:",
          "recheckInterval:",
          "name:",
          "secure:",
          "sameSite:",
          "prefix:",
          "remoteUser:",
          "remoteUserAttributes:",
          "encoding:",
          "maxTotalSize:",
          "maxHeaderSize:",
          "onOverflow:",
          "sessionHeaders:",
          "trustedProxies:",
          "maxRequestBody:",
          "maxRequestHeaderSize:",
          "requestHeadTimeout:",
          "idleTimeout:",
          "maxConnections:",
          "loginsPerMinutePerAddress:",
          "failuresToMarkDown:",
          "downFor:",
          "maxDownFor:",
          "logInterval:",
          "drainDelay:",
          "backendTimeout:",
          "connectionsPerBackend:",
          "auth:",
          "upgrade:"
        }) {
      assertThat(uncommented).as(key).containsPattern("(?m)^\\s*" + key);
    }
  }
}
