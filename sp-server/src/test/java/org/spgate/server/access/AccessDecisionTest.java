package org.spgate.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.config.AuthMode;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;
import org.spgate.server.access.AccessDecision.Outcome;

class AccessDecisionTest {

  final AccessDecision decision = new AccessDecision();
  final Session session =
      new Session(
          "0123456789abcdef0123456789abcdef",
          "https://idp.example.org/idp/shibboleth",
          Protocol.SAML2,
          null,
          null,
          null,
          null,
          null,
          0,
          3600,
          SessionAttributes.of(Map.of("eppn", List.of("alice@example.org"))),
          null);

  @Test
  void decideWhenRequiredAndNoSessionThenLogin() {
    assertThat(decision.decide(AuthMode.REQUIRED, List.of(), null).outcome())
        .isEqualTo(Outcome.LOGIN);
  }

  @Test
  void decideWhenRequiredWithSessionThenAllow() {
    assertThat(decision.decide(AuthMode.REQUIRED, List.of(), session).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void decideWhenOptionalOrNoneThenAllowWithOrWithoutSession() {
    assertThat(decision.decide(AuthMode.OPTIONAL, List.of(), null).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(decision.decide(AuthMode.OPTIONAL, List.of(), session).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(decision.decide(AuthMode.NONE, List.of(), null).outcome()).isEqualTo(Outcome.ALLOW);
  }
}
