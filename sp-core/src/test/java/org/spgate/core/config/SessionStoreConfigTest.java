package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.config.TestConfigDir.lineOf;
import static org.spgate.core.config.TestConfigDir.minimalWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sessions.store} and {@code sessions.redis}: memory by default, Redis URIs validated. */
class SessionStoreConfigTest {

  @TempDir Path tmp;
  private TestConfigDir dir;

  @BeforeEach
  void setUp() {
    dir = new TestConfigDir(tmp);
  }

  @Test
  void loadWhenNoStoreThenMemory() throws ConfigException {
    assertThat(dir.load(minimalWith("sessions: {timeout: 30m}")).sessions().redis()).isNull();
  }

  @Test
  void loadWhenRedisUriWithSettingsThenRead() throws ConfigException {
    SessionConfig sessions =
        dir.load(
                minimalWith(
                    "sessions:\n"
                        + "  store: rediss://spgate:s3cret@redis.example.org:6380/2\n"
                        + "  redis: {timeout: 250ms, keyPrefix: \"prod:\", idleRefresh: 30s,"
                        + " cluster: true}\n"))
            .sessions();

    assertThat(sessions.redis())
        .isEqualTo(
            new RedisConfig(
                "rediss://spgate:s3cret@redis.example.org:6380/2",
                true,
                Duration.ofMillis(250),
                "prod:",
                Duration.ofSeconds(30)));
    assertThat(sessions.redis().redactedUri()).isEqualTo("rediss://***@redis.example.org:6380/2");
  }

  @Test
  void loadWhenSentinelUriThenAccepted() throws ConfigException {
    assertThat(
            dir.load(
                    minimalWith(
                        "sessions: {store: \"redis-sentinel://s1:26379,s2:26379/0#mymaster\"}"))
                .sessions()
                .redis())
        .isNotNull();
  }

  @Test
  void loadWhenStoreIsNeitherMemoryNorRedisThenProblemOnItsLine() {
    String yaml = minimalWith("sessions:\n  store: memcache://cache:11211\n");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).key()).isEqualTo("sessions.store");
    assertThat(problems.get(0).line()).isEqualTo(lineOf(yaml, "memcache"));
    assertThat(problems.get(0).message()).contains("expected memory or a Redis URI");
  }

  @Test
  void loadWhenRedisSettingsOutOfRangeThenEachNamed() {
    String yaml =
        minimalWith(
            "sessions:\n"
                + "  timeout: 10m\n"
                + "  store: redis://127.0.0.1:6379\n"
                + "  redis: {timeout: 5ms, keyPrefix: \"has space\", idleRefresh: 10m, pool: 8}\n");

    List<ConfigProblem> problems = dir.problems(yaml);

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "sessions.redis.timeout",
            "sessions.redis.keyPrefix",
            "sessions.redis.idleRefresh",
            "sessions.redis.pool");
  }
}
