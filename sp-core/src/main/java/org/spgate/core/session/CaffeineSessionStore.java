package org.spgate.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The in-process session store: a Caffeine cache bounded by {@code maxSessions}, where each entry
 * expires after the inactivity timeout or at the session's absolute end, whichever is first.
 * Lookups are lock-free and never block, so they run on Undertow's I/O threads.
 */
public final class CaffeineSessionStore implements SessionStore {

  private final Cache<String, Session> sessions;
  private final Duration timeout;
  private final Clock clock;

  /**
   * Subject ({@link SessionStore#subjectKey}) to the ids of its sessions, for IdP-initiated logout;
   * an id leaves it when its session is removed or expires (removal listener), an empty set with
   * it, so the index never outlives the sessions it points to.
   */
  private final ConcurrentHashMap<String, Set<String>> bySubject = new ConcurrentHashMap<>();

  public CaffeineSessionStore(long maxSessions, Duration timeout, Clock clock, Ticker ticker) {
    this.timeout = timeout;
    this.clock = clock;
    this.sessions =
        Caffeine.newBuilder()
            .maximumSize(maxSessions)
            .ticker(ticker)
            .expireAfter(new SessionExpiry(timeout.toNanos(), clock))
            // Caffeine's upkeep (replaying reads, expiring) runs on the thread that triggers it, a
            // proxy I/O thread, in small batches: handing it to the common pool woke a pool thread
            // every few requests, 4-10 % of the proxy path's CPU on 2 cores (bench/run.sh, c-i).
            .executor(Runnable::run)
            .removalListener(
                (String id, Session session, RemovalCause cause) -> {
                  if (session != null && cause != RemovalCause.REPLACED) {
                    unindex(session);
                  }
                })
            .build();
  }

  @Override
  public boolean answersImmediately() {
    return true;
  }

  @Override
  public void put(Session session) {
    index(session);
    sessions.put(session.id(), session);
  }

  private void index(Session session) {
    if (session.nameId() != null) {
      bySubject
          .computeIfAbsent(
              SessionStore.subjectKey(session.idpEntityId(), session.nameId().value()),
              k -> ConcurrentHashMap.newKeySet())
          .add(session.id());
    }
  }

  @Override
  public int endSessionsOf(String idpEntityId, String nameId, @Nullable String sessionIndex) {
    Set<String> ids = bySubject.get(SessionStore.subjectKey(idpEntityId, nameId));
    if (ids == null) {
      return 0;
    }
    int ended = 0;
    for (String id : Set.copyOf(ids)) {
      Session session = sessions.getIfPresent(id);
      if (session != null
          && (sessionIndex == null || Objects.equals(sessionIndex, session.sessionIndex()))) {
        sessions.invalidate(id);
        ended++;
      }
    }
    return ended;
  }

  private void unindex(Session session) {
    if (session.nameId() == null) {
      return;
    }
    bySubject.computeIfPresent(
        SessionStore.subjectKey(session.idpEntityId(), session.nameId().value()),
        (k, ids) -> {
          ids.remove(session.id());
          return ids.isEmpty() ? null : ids;
        });
  }

  /**
   * Every live session with its idle deadline, without counting as activity ({@code
   * sessions.persist}); sessions that change while this runs may or may not be in it.
   */
  public List<HeldSession> snapshot() {
    // Entry by entry, without Caffeine's ordered snapshot: that one holds the eviction lock for the
    // whole walk, which a burst of logins (puts on worker threads) would then wait for.
    Instant now = clock.instant();
    Policy.VarExpiration<String, Session> expiration = expiration();
    List<HeldSession> held = new ArrayList<>();
    sessions
        .asMap()
        .forEach(
            (id, session) ->
                expiration
                    .getExpiresAfter(id)
                    .filter(left -> left.compareTo(Duration.ZERO) > 0)
                    .ifPresent(left -> held.add(new HeldSession(session, now.plus(left)))));
    return held;
  }

  /**
   * Puts back a session from {@link #snapshot} (of an earlier run): it ends at its idle deadline
   * unless used before — or sooner if {@code sessions.timeout} was shortened since — and never past
   * its absolute end.
   *
   * @return whether it was restored; false when it has ended by now
   */
  public boolean restore(HeldSession held) {
    Instant now = clock.instant();
    Session session = held.session();
    Duration untilIdleEnd = Duration.between(now, held.idleEnd());
    Duration untilEnd = Duration.between(now, Instant.ofEpochSecond(session.expiresEpochSecond()));
    Duration remaining = min(timeout, min(untilIdleEnd, untilEnd));
    if (remaining.compareTo(Duration.ZERO) <= 0) {
      return false;
    }
    index(session);
    expiration().put(session.id(), session, remaining);
    return true;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private Policy.VarExpiration<String, Session> expiration() {
    return sessions.policy().expireVariably().orElseThrow();
  }

  @Override
  public Optional<Session> find(String id) {
    return Optional.ofNullable(sessions.getIfPresent(id));
  }

  @Override
  public CompletionStage<Optional<Session>> lookup(String id) {
    return CompletableFuture.completedFuture(find(id));
  }

  @Override
  public void remove(String id) {
    sessions.invalidate(id);
  }

  @Override
  public long size() {
    sessions.cleanUp();
    return sessions.estimatedSize();
  }

  /** Idle timeout renewed on every read, never past the absolute end. */
  private record SessionExpiry(long timeoutNanos, Clock clock) implements Expiry<String, Session> {
    @Override
    public long expireAfterCreate(String key, Session session, long currentTime) {
      return remaining(session);
    }

    @Override
    public long expireAfterUpdate(
        String key, Session session, long currentTime, long currentDuration) {
      return remaining(session);
    }

    @Override
    public long expireAfterRead(
        String key, Session session, long currentTime, long currentDuration) {
      return remaining(session);
    }

    private long remaining(Session session) {
      long untilEnd =
          Duration.between(
                  clock.instant(), java.time.Instant.ofEpochSecond(session.expiresEpochSecond()))
              .toNanos();
      return Math.max(0, Math.min(timeoutNanos, untilEnd));
    }
  }
}
