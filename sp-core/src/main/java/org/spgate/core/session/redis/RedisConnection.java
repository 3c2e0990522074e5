package org.spgate.core.session.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.spgate.core.config.RedisConfig;
import org.spgate.core.session.SessionStoreException;

/**
 * One multiplexed Lettuce connection (to a server, through Sentinel, or to a Cluster) shared by
 * every Redis-backed store of a node. Every command carries the configured timeout, also the
 * asynchronous ones, and commands fail at once while disconnected instead of queueing: a request
 * whose session cannot be checked fails fast. Lettuce reconnects by itself when Redis returns.
 */
public final class RedisConnection implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AbstractRedisClient client;
  private final io.lettuce.core.api.StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final Duration timeout;
  private final String keyPrefix;
  private final String description;

  private RedisConnection(
      AbstractRedisClient client,
      io.lettuce.core.api.StatefulConnection<String, byte[]> connection,
      RedisClusterAsyncCommands<String, byte[]> commands,
      RedisConfig config) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.timeout = config.timeout();
    this.keyPrefix = config.keyPrefix();
    this.description = "redis " + config.redactedUri();
  }

  /**
   * Connects to the Redis of {@code config}.
   *
   * @throws SessionStoreException if Redis cannot be reached now
   */
  public static RedisConnection open(RedisConfig config) {
    RedisURI uri = RedisURI.create(config.uri());
    // The URI's timeout bounds connecting (and the handshake) at start; every command afterwards
    // has the configured timeout through TimeoutOptions.
    uri.setTimeout(CONNECT_TIMEOUT);
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.timeout());
    AbstractRedisClient client = null;
    try {
      if (config.cluster()) {
        RedisClusterClient cluster = RedisClusterClient.create(uri);
        client = cluster;
        cluster.setOptions(
            ClusterClientOptions.builder()
                .timeoutOptions(timeouts)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        var connection = cluster.connect(CODEC);
        return new RedisConnection(cluster, connection, connection.async(), config);
      }
      RedisClient single = RedisClient.create();
      client = single;
      single.setOptions(
          ClientOptions.builder()
              .timeoutOptions(timeouts)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      var connection = single.connect(CODEC, uri);
      return new RedisConnection(single, connection, connection.async(), config);
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      throw new SessionStoreException(
          "cannot connect to " + config.redactedUri() + ": " + e.getMessage(), e);
    }
  }

  /** The commands; every future they return completes within the timeout. */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  /** {@code keyPrefix + kind + ':' + id}. */
  public String key(String kind, String id) {
    return keyPrefix + kind + ':' + id;
  }

  /** Whether the connection is up now (Lettuce's local state; no round trip). */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /** The configured command timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** For {@code /Status} and logs: the URI without password. */
  public String description() {
    return description;
  }

  /**
   * Waits for {@code command} on a thread that may block (a worker, never an I/O thread).
   *
   * @throws SessionStoreException when it failed or took longer than the timeout
   */
  public <T> T await(CompletionStage<T> command, String what) {
    try {
      return command.toCompletableFuture().get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failed(what, e.getCause());
    } catch (TimeoutException e) {
      throw failed(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(what, e);
    }
  }

  /** The exception for a failed command. */
  public SessionStoreException failed(String what, Throwable cause) {
    if (cause instanceof SessionStoreException e) {
      return e;
    }
    return new SessionStoreException(
        "Redis " + what + " failed (" + description + "): " + cause, cause);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
