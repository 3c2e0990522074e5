package org.spgate.core.assertion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.RandomIds;

/** What every {@link ReplayCache} promises, run against each implementation. */
public abstract class ReplayCacheContract {

  protected static final String IDP = "https://idp.example.org/idp/shibboleth";
  protected final Clock clock = Clock.systemUTC();

  /** A fresh cache. */
  protected abstract ReplayCache cache();

  private Instant until() {
    return clock.instant().plus(Duration.ofMinutes(5));
  }

  @Test
  void consumeWhenSameIdAgainThenReplayedWhileOtherIdsAndIssuersPass() throws Rejection {
    ReplayCache cache = cache();
    String id = RandomIds.samlId();
    cache.consume(IDP, id, until());

    assertThatThrownBy(() -> cache.consume(IDP, id, until()))
        .isInstanceOfSatisfying(
            Rejection.class, r -> assertThat(r.reason()).isEqualTo(Reason.REPLAYED));
    cache.consume(IDP, RandomIds.samlId(), until());
    cache.consume("https://other.example.org/idp", id, until());
  }

  @Test
  void consumeWhenPostedConcurrentlyThenExactlyOneWins() throws Exception {
    ReplayCache cache = cache();
    String id = RandomIds.samlId();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> posts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        posts.add(
            () -> {
              try {
                cache.consume(IDP, id, until());
                return true;
              } catch (Rejection e) {
                return false;
              }
            });
      }
      int accepted = 0;
      for (Future<Boolean> result : pool.invokeAll(posts)) {
        accepted += result.get() ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }
}
