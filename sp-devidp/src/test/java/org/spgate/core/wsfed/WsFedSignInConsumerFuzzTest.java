package org.spgate.core.wsfed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.check.Rejection;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.time.ClockTicker;

/**
 * Fuzzes the WS-Federation sign-in consumer: the input bytes are the {@code wresult} XML. The
 * property: every input yields a login or a {@link Rejection}; any other exception or error is a
 * finding. Corpus: {@code WsFedSignInConsumerFuzzTestInputs/consume/}.
 */
class WsFedSignInConsumerFuzzTest {

  private static final String REALM = "https://sp.test.example/shibboleth";
  private static final WsFedSignInConsumer CONSUMER = consumer();

  @FuzzTest(maxDuration = "2m")
  void consume(byte[] wresult) {
    try {
      CONSUMER.consume("wsignin1.0", new String(wresult, StandardCharsets.UTF_8), null);
    } catch (Rejection expected) {
      // refused with a reason: the property holds
    }
  }

  private static WsFedSignInConsumer consumer() {
    try {
      MutableClock clock = MutableClock.atSystemTime();
      TestIdp idp = new TestIdp(clock);
      Path dir = Files.createTempDirectory("spgate-wsfed-fuzz");
      List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(idp.writeMetadata(dir)), clock);
      ClockTicker ticker = new ClockTicker(clock);
      return Consumers.build(
              TestConsumers.settings(true, false),
              new IdpRegistry(idps, idps.get(0), clock),
              new CaffeinePendingLogins(Duration.ofMinutes(10), 1000, ticker),
              new CaffeineReplayCache(100_000, clock, ticker),
              clock,
              List.of())
          .wsFed();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
