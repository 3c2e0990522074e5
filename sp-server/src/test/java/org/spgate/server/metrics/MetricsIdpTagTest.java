package org.spgate.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;

/**
 * The {@code idp} tag of {@code spgate_logins_total}: a trusted IdP by its entityID, anything else
 * as {@code unknown}, and "trusted" as of the login, not as of start-up.
 */
class MetricsIdpTagTest {

  private final Set<String> trusted = ConcurrentHashMap.newKeySet();

  @Test
  void aTrustedIdpIsTaggedByNameAndAnUntrustedIssuerAsUnknown() {
    try (Metrics metrics = Metrics.prometheus(Clock.systemUTC())) {
      trusted.add("https://idp.example.org");
      metrics.knownIdps(trusted::contains);

      metrics.loginSucceeded("https://idp.example.org");
      metrics.refused(Reason.MISSING_MESSAGE, "https://forged.example");

      assertThat(metrics.scrape())
          .contains("idp=\"https://idp.example.org\",result=\"success\"")
          .doesNotContain("forged.example")
          .contains("idp=\"unknown\"");
    }
  }

  @Test
  void anIdpAddedAfterStartIsTaggedByNameFromThenOn() {
    try (Metrics metrics = Metrics.prometheus(Clock.systemUTC())) {
      metrics.knownIdps(trusted::contains);
      metrics.loginSucceeded("https://new.example.org");
      assertThat(metrics.scrape()).doesNotContain("new.example.org");

      trusted.add("https://new.example.org"); // e.g. a metadata refresh added it
      metrics.loginSucceeded("https://new.example.org");

      assertThat(metrics.scrape()).contains("idp=\"https://new.example.org\",result=\"success\"");
    }
  }
}
