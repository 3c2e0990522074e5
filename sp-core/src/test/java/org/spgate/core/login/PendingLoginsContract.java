package org.spgate.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.session.RandomIds;

/** What every {@link PendingLogins} store promises, run against each implementation. */
public abstract class PendingLoginsContract {

  /** A fresh store. */
  protected abstract PendingLogins logins();

  private static PendingLogin login() {
    return new PendingLogin(
        RandomIds.samlId(),
        "/app/page?q=ü",
        "https://idp.example.org/idp/shibboleth",
        Protocol.WSFED);
  }

  @Test
  void consumeWhenPutThenReturnedOnceAndUnknownIdIsEmpty() {
    PendingLogins logins = logins();
    PendingLogin login = login();
    logins.put(login);

    assertThat(logins.consume(RandomIds.samlId())).isEmpty();
    assertThat(logins.consume(login.requestId())).contains(login);
    assertThat(logins.consume(login.requestId())).as("a second time").isEmpty();
  }

  @Test
  void consumeWhenConcurrentThenExactlyOneGetsTheLogin() throws Exception {
    PendingLogins logins = logins();
    PendingLogin login = login();
    logins.put(login);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<PendingLogin>>> consumers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        consumers.add(() -> logins.consume(login.requestId()));
      }
      int got = 0;
      for (Future<Optional<PendingLogin>> result : pool.invokeAll(consumers)) {
        got += result.get().isPresent() ? 1 : 0;
      }
      assertThat(got).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void pendingLogoutWhenRememberedThenConsumedOnceWithReturnAndNeverAsALogin() {
    PendingLogins store = logins();
    PendingLogouts logouts = new PendingLogouts(store);
    PendingLogout logout =
        new PendingLogout(RandomIds.samlId(), "https://idp.example.org/idp/shibboleth", "/bye?x=ü");
    logouts.remember(logout);

    assertThat(store.consume(logout.requestId())).as("the same ID as a login").isEmpty();
    assertThat(logouts.consume(logout.requestId())).contains(logout);
    assertThat(logouts.consume(logout.requestId())).as("a second time").isEmpty();
  }

  @Test
  void pendingLogoutWhenNoReturnThenConsumedWithoutOneAndALoginIsNotALogout() {
    PendingLogins store = logins();
    PendingLogouts logouts = new PendingLogouts(store);
    PendingLogout logout =
        new PendingLogout(RandomIds.samlId(), "https://idp.example.org/idp/shibboleth", null);
    PendingLogin login = login();
    logouts.remember(logout);
    store.put(login);

    assertThat(logouts.consume(login.requestId())).as("a login's ID as a logout").isEmpty();
    assertThat(logouts.consume(logout.requestId())).contains(logout);
    assertThat(store.consume(login.requestId())).as("the login stays pending").contains(login);
  }
}
