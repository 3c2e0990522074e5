package org.spgate.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.time.ClockTicker;

class CaffeineSessionStoreTest {

  private static final Duration IDLE = Duration.ofMinutes(30);

  private final MutableClock clock = MutableClock.atSystemTime();
  private final CaffeineSessionStore store =
      new CaffeineSessionStore(1_000, IDLE, clock, new ClockTicker(clock));

  @Test
  void findWhenUsedWithinIdleTimeoutThenSessionStaysPastIt() {
    Session session = session("a", Duration.ofHours(8));
    store.put(session);

    for (int i = 0; i < 4; i++) {
      clock.advance(IDLE.minusMinutes(5));
      assertThat(store.find("a")).as("after %d idle periods of use", i + 1).contains(session);
    }
  }

  @Test
  void findWhenIdleLongerThanTimeoutThenSessionIsGone() {
    store.put(session("a", Duration.ofHours(8)));

    clock.advance(IDLE.plusSeconds(1));

    assertThat(store.find("a")).isEmpty();
  }

  @Test
  void findWhenAbsoluteEndPassesThenSessionIsGoneThoughInUse() {
    store.put(session("a", Duration.ofMinutes(40)));

    clock.advance(Duration.ofMinutes(25));
    assertThat(store.find("a")).isPresent();
    clock.advance(Duration.ofMinutes(16));

    assertThat(store.find("a")).isEmpty();
  }

  @Test
  void putWhenStoreIsFullThenSizeStaysAtTheLimit() {
    for (int i = 0; i < 1_500; i++) {
      store.put(session("s" + i, Duration.ofHours(8)));
    }

    assertThat(store.size()).isEqualTo(1_000);
  }

  @Test
  void removeWhenCalledThenSessionIsGoneAndOthersStay() {
    store.put(session("a", Duration.ofHours(8)));
    store.put(session("b", Duration.ofHours(8)));

    store.remove("a");

    assertThat(store.find("a")).isEmpty();
    assertThat(store.find("b")).isPresent();
  }

  private Session session(String id, Duration lifetime) {
    long now = clock.instant().getEpochSecond();
    return new Session(
        id,
        "https://idp.example.org/idp/shibboleth",
        Protocol.SAML2,
        null,
        null,
        null,
        null,
        null,
        now,
        now + lifetime.toSeconds(),
        SessionAttributes.of(Map.of("eppn", List.of(id + "@example.org"))),
        null);
  }
}
