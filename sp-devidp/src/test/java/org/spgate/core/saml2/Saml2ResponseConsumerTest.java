package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.session.RandomIds;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestConsumers;
import org.spgate.core.testing.TestIdp;
import org.spgate.core.time.ClockTicker;
import org.spgate.devidp.ResponseSpec;

class Saml2ResponseConsumerTest {

  static final String SP = "https://sp.test.example/shibboleth";
  static final String ACS = "https://sp.test.example/Shibboleth.sso/SAML2/POST";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  PendingLogins pending;
  Saml2ResponseConsumer consumer;
  String requestId;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(idp.writeMetadata(dir)), clock);
    IdpRegistry registry = new IdpRegistry(idps, idps.get(0), clock);
    ClockTicker ticker = new ClockTicker(clock);
    pending = new CaffeinePendingLogins(Duration.ofMinutes(10), 1000, ticker);
    consumer =
        Consumers.build(
                TestConsumers.settings(false, false),
                registry,
                pending,
                new CaffeineReplayCache(1000, clock, ticker),
                clock,
                List.of())
            .saml2();
    requestId = RandomIds.samlId();
    pending.put(new PendingLogin(requestId, "/", TestIdp.ENTITY_ID, Protocol.SAML2));
  }

  ResponseSpec valid() {
    ResponseSpec spec = idp.spec(SP, ACS);
    spec.inResponseTo = requestId;
    spec.attribute("urn:oid:0.9.2342.19200300.100.1.3", "alice@example.org");
    return spec;
  }

  @Test
  void consumeWhenResponseIsValidThenReturnsVerifiedAssertion() throws Rejection {
    Saml2Login login = consumer.consume(idp.mint(valid()));

    assertThat(login.assertion().issuer()).isEqualTo(TestIdp.ENTITY_ID);
    assertThat(login.assertion().subject().value()).isEqualTo("alice-persistent-id");
    assertThat(login.assertion().attributes()).hasSize(1);
    assertThat(login.assertion().attributes().get(0).values().get(0).text())
        .isEqualTo("alice@example.org");
    assertThat(login.pendingLogin().requestId()).isEqualTo(requestId);
  }

  @Test
  void consumeWhenResponseAndAssertionBothSignedThenAccepts() throws Rejection {
    ResponseSpec spec = valid();
    spec.signResponse = true;
    assertThat(consumer.consume(idp.mint(spec)).assertion().assertionId())
        .isEqualTo(spec.assertionId);
  }

  @Test
  void consumeWhenNothingSignedThenRejectsUnsigned() {
    ResponseSpec spec = valid();
    spec.signAssertion = false;
    assertRejected(() -> consumer.consume(idp.mint(spec)), Reason.UNSIGNED);
  }

  @Test
  void consumeWhenSameAssertionPostedTwiceThenRejectsReplay() throws Rejection {
    ResponseSpec spec = valid();
    String message = idp.mint(spec);
    consumer.consume(message);
    pending.put(new PendingLogin(requestId, "/", TestIdp.ENTITY_ID, Protocol.SAML2));
    assertRejected(() -> consumer.consume(message), Reason.REPLAYED);
  }

  static void assertRejected(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejection.class)
        .satisfies(e -> assertThat(((Rejection) e).reason()).isEqualTo(reason));
  }
}
