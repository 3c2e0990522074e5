package org.spgate.core.metadata;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * The IdPs spgate trusts, by entityID. Built at start; a metadata refresh swaps the whole set in
 * one step ({@link #replace}), so a check sees either the old keys or the new ones, never a mix,
 * and every holder of this registry (the consumers, logout) sees the swap without being rebuilt.
 */
public final class IdpRegistry {

  /** One consistent set: the IdPs and the one logins go to. */
  private record Snapshot(Map<String, IdpDescriptor> byEntityId, IdpDescriptor defaultIdp) {}

  private final AtomicReference<Snapshot> current;
  private final Clock clock;

  public IdpRegistry(Collection<IdpDescriptor> idps, IdpDescriptor defaultIdp, Clock clock) {
    this.current = new AtomicReference<>(new Snapshot(index(idps), defaultIdp));
    this.clock = clock;
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

  /** The IdP named {@code entityId}, if known. */
  public Optional<IdpDescriptor> find(String entityId) {
    return Optional.ofNullable(current.get().byEntityId().get(entityId));
  }

  /**
   * The trusted IdP named {@code issuer}; refuses an unknown one and one whose metadata expired
   * while spgate was running (start-up already refuses expired metadata).
   */
  public IdpDescriptor trusted(String issuer) throws Rejection {
    IdpDescriptor idp = current.get().byEntityId().get(issuer);
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
