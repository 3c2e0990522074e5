package org.spgate.core.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spgate.core.config.RedisConfig;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreContract;
import org.spgate.core.session.SessionStoreException;
import org.spgate.core.testing.RedisServer;

/** The session store contract on a real redis-server, and what happens when it goes away. */
class RedisSessionStoreContractTest extends SessionStoreContract {

  private static RedisServer server;
  private RedisConnection connection;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @AfterEach
  void closeConnection() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected SessionStore store() {
    connection =
        RedisConnection.open(
            new RedisConfig(server.uri(), false, Duration.ofMillis(500), "test:", REFRESH));
    return new RedisSessionStore(connection, IDLE, REFRESH, clock);
  }

  @Test
  void lookupWhenRedisStoppedThenFailsWithinTimeoutAndWorksAgainAfterRestart() throws Exception {
    SessionStore store = store();
    Session before = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(before);
    assertThat(store.find(before.id())).contains(before);

    server.stop();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> store.lookup(before.id()).toCompletableFuture().get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SessionStoreException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThatThrownBy(() -> store.find(before.id())).isInstanceOf(SessionStoreException.class);
    } finally {
      server.startAgain();
    }

    Session after = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Optional<Session> found = Optional.empty();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      try {
        store.put(after);
        found = store.find(after.id());
      } catch (SessionStoreException | CompletionException reconnecting) {
        Thread.sleep(100);
      }
    }
    assertThat(found).as("a session stored after Redis came back").contains(after);
  }
}
