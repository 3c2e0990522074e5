package org.spgate.server.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;

/**
 * A session store whose lookups ({@link #find}, {@link #lookup}) are timed; a remote lookup is
 * timed when its answer (or failure) arrives, on whichever thread completes it. Every other call
 * passes through.
 */
final class TimedSessionStore implements SessionStore {

  private final SessionStore store;
  private final Timer lookups;

  TimedSessionStore(SessionStore store, Timer lookups) {
    this.store = store;
    this.lookups = lookups;
  }

  @Override
  public boolean answersImmediately() {
    return store.answersImmediately();
  }

  @Override
  public void put(Session session) {
    store.put(session);
  }

  @Override
  public Optional<Session> find(String id) {
    long start = System.nanoTime();
    try {
      return store.find(id);
    } finally {
      lookups.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public CompletionStage<Optional<Session>> lookup(String id) {
    long start = System.nanoTime();
    return store
        .lookup(id)
        .whenComplete((s, e) -> lookups.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  @Override
  public void remove(String id) {
    store.remove(id);
  }

  @Override
  public int endSessionsOf(String idp, String nameId, @Nullable String sessionIndex) {
    return store.endSessionsOf(idp, nameId, sessionIndex);
  }

  @Override
  public long size() {
    return store.size();
  }

  @Override
  public boolean isConnected() {
    return store.isConnected();
  }

  @Override
  public String describe() {
    return store.describe();
  }
}
