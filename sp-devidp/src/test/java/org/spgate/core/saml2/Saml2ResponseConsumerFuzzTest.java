package org.spgate.core.saml2;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Base64;
import org.spgate.core.check.Rejection;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestConsumers.SpKeys;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.testing.TestSp;

/**
 * Fuzzes the SAML 2.0 consumer: the input bytes are the decoded XML of a SAMLResponse (base64
 * encoded here, so the fuzzer's effort goes into the XML). The property: every input yields a login
 * or a {@link Rejection}; any other exception or error is a finding. Regression mode (the default)
 * replays {@code Saml2ResponseConsumerFuzzTestInputs/consume/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * SECURITY.md).
 */
class Saml2ResponseConsumerFuzzTest {

  private static final MutableClock CLOCK = MutableClock.atSystemTime();
  private static final TestSp SP =
      TestConsumers.trusting(new TestIdp(CLOCK), CLOCK)
          .allowUnsolicited()
          .decryptWith(SpKeys.current())
          .build();

  @FuzzTest(maxDuration = "2m")
  void consume(byte[] xml) {
    try {
      SP.consume(Base64.getEncoder().encodeToString(xml));
    } catch (Rejection expected) {
      // refused: the property holds
    }
  }
}
