package org.spgate.core.session.redis;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.ReplayCacheContract;
import org.spgate.core.config.RedisConfig;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.login.PendingLoginsContract;
import org.spgate.core.testing.RedisServer;

/** The replay cache and pending-login contracts on a real redis-server. */
class RedisSharedStateContractTest {

  private static RedisServer server;
  private static RedisConnection connection;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
    connection =
        RedisConnection.open(
            new RedisConfig(
                server.uri(), false, Duration.ofMillis(500), "test:", Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    connection.close();
    server.close();
  }

  @Nested
  class ReplayCacheInRedis extends ReplayCacheContract {
    @Override
    protected ReplayCache cache() {
      return new RedisReplayCache(connection, Clock.systemUTC());
    }
  }

  @Nested
  class PendingLoginsInRedis extends PendingLoginsContract {
    @Override
    protected PendingLogins logins() {
      return new RedisPendingLogins(connection, Duration.ofMinutes(15));
    }
  }
}
