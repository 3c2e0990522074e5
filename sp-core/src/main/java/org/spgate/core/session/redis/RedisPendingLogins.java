package org.spgate.core.session.redis;

import io.lettuce.core.SetArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;

/**
 * Logins in flight in Redis, so the IdP may answer to any node: {@code SET … PX ttl} when the login
 * starts, {@code GETDEL} when it comes back — atomic, so a RelayState is consumed once across all
 * nodes. Calls block for at most the command timeout: they run on worker threads.
 */
public final class RedisPendingLogins implements PendingLogins {

  private static final Logger LOG = LoggerFactory.getLogger(RedisPendingLogins.class);
  private static final String KIND = "login";

  private final RedisConnection redis;
  private final Duration ttl;

  public RedisPendingLogins(RedisConnection redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  @Override
  public boolean answersImmediately() {
    return false;
  }

  @Override
  public void put(PendingLogin login) {
    redis.await(
        redis
            .commands()
            .set(
                redis.key(KIND, login.requestId()),
                encode(login),
                SetArgs.Builder.px(ttl.toMillis())),
        "SET login");
  }

  @Override
  public Optional<PendingLogin> consume(String requestId) {
    byte[] bytes = redis.await(redis.commands().getdel(redis.key(KIND, requestId)), "GETDEL login");
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(decode(requestId, bytes));
    } catch (IllegalArgumentException e) {
      LOG.warn("unreadable login record for {}: {}", requestId, e.getMessage());
      return Optional.empty();
    }
  }

  private static byte[] encode(PendingLogin login) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeByte(login.protocol().ordinal());
      out.writeUTF(login.idpEntityId());
      out.writeUTF(login.target());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static PendingLogin decode(String requestId, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != 1) {
        throw new IllegalArgumentException("unknown login record format");
      }
      Protocol protocol = Protocol.values()[in.readUnsignedByte()];
      String idp = in.readUTF();
      String target = in.readUTF();
      return new PendingLogin(requestId, target, idp, protocol);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed login record", e);
    }
  }
}
