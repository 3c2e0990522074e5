package org.spgate.core.metadata;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The IdPs spgate trusts, by entityID. Built at start; a metadata refresh swaps the whole set in
 * one step ({@link #replace}), so a check sees either the old keys or the new ones, never a mix,
 * and every holder of this registry (the consumers, logout) sees the swap without being rebuilt. An
 * IdP none of those hold is asked of the {@link IdpLookup} (a Metadata Query responder), when one
 * is configured, by {@link #trusted} only.
 */
public final class IdpRegistry {

  /** One consistent set: the IdPs and the one logins go to. */
  private record Snapshot(Map<String, IdpDescriptor> byEntityId, IdpDescriptor defaultIdp) {}

  private final AtomicReference<Snapshot> current;
  private final Clock clock;
  private final @Nullable IdpLookup lookup;

  public IdpRegistry(Collection<IdpDescriptor> idps, IdpDescriptor defaultIdp, Clock clock) {
    this(idps, defaultIdp, clock, null);
  }

  /**
   * A registry that asks {@code lookup} for IdPs it does not hold; the default IdP may come from
   * it.
   */
  public IdpRegistry(
      Collection<IdpDescriptor> idps,
      IdpDescriptor defaultIdp,
      Clock clock,
      @Nullable IdpLookup lookup) {
    this.current = new AtomicReference<>(new Snapshot(index(idps), defaultIdp));
    this.clock = clock;
    this.lookup = lookup;
  }

  private static Map<String, IdpDescriptor> index(Collection<IdpDescriptor> idps) {
    Map<String, IdpDescriptor> map = new LinkedHashMap<>();
    for (IdpDescriptor idp : idps) {
      map.put(idp.entityId(), idp);
    }
    return Map.copyOf(map);
  }

  /**
   * Replaces every trusted IdP with {@code idps} at once. The IdP logins go to must be among them:
   * otherwise nothing changes and {@code false} is returned (a refresh must not take away the IdP
   * every login depends on).
   */
  public boolean replace(Collection<IdpDescriptor> idps) {
    Map<String, IdpDescriptor> map = index(idps);
    Snapshot before;
    do {
      before = current.get();
      IdpDescriptor newDefault = map.get(before.defaultIdp().entityId());
      if (newDefault == null && lookup != null && !holds(before, before.defaultIdp())) {
        // The default IdP came from the lookup, not from the documents being replaced.
        newDefault = before.defaultIdp();
      }
      if (newDefault == null) {
        return false;
      }
      if (current.compareAndSet(before, new Snapshot(map, newDefault))) {
        return true;
      }
    } while (true);
  }

  /** The IdP logins are sent to. */
  public IdpDescriptor defaultIdp() {
    return current.get().defaultIdp();
  }

  /** All trusted IdPs. */
  public Collection<IdpDescriptor> all() {
    return current.get().byEntityId().values();
  }

  private static boolean holds(Snapshot snapshot, IdpDescriptor idp) {
    return snapshot.byEntityId().get(idp.entityId()) == idp;
  }

  /** The IdP named {@code entityId}, if known (also one the lookup remembers); never fetches. */
  public Optional<IdpDescriptor> find(String entityId) {
    IdpDescriptor held = current.get().byEntityId().get(entityId);
    if (held != null || lookup == null) {
      return Optional.ofNullable(held);
    }
    return lookup.remembered(entityId);
  }

  /**
   * The trusted IdP named {@code issuer}; refuses an unknown one and one whose metadata expired
   * while spgate was running (start-up already refuses expired metadata). An issuer the documents
   * do not hold is asked of the lookup, which may fetch it: call this from a worker thread.
   */
  public IdpDescriptor trusted(String issuer) throws Rejection {
    IdpDescriptor idp = current.get().byEntityId().get(issuer);
    if (idp == null && lookup != null) {
      idp = lookup.resolve(issuer);
    }
    if (idp == null) {
      throw new Rejection(Reason.UNKNOWN_ISSUER, "issuer '" + issuer + "' is not in the metadata");
    }
    if (idp.expiredAt(clock.instant())) {
      throw new Rejection(
          Reason.UNKNOWN_ISSUER,
          "metadata of '"
              + issuer
              + "' expired at "
              + idp.validUntil()
              + " ("
              + idp.source()
              + ")");
    }
    return idp;
  }
}
