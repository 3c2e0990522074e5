package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;

class HandlerChainTest {

  @Test
  void handlersPrintTheStagesOfARoutedRequestInTheOrderTheyRun(@TempDir Path dir) throws Exception {
    try (TestSpGate spgate = new TestSpGate(dir)) {
      String chain = SpServer.handlers(spgate.runtime).toString();

      assertThat(chain)
          .contains(
              "routes -> session -> clean -> client-certificate -> access -> identity-headers -> proxy")
          .doesNotContain("RouteHandler");
    }
  }
}
