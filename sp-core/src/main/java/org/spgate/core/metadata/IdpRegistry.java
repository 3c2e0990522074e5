package org.spgate.core.metadata;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/** The IdPs spgate trusts, by entityID; built once at start and never changed. */
public final class IdpRegistry {

  private final Map<String, IdpDescriptor> byEntityId;
  private final IdpDescriptor defaultIdp;
  private final Clock clock;

  public IdpRegistry(Collection<IdpDescriptor> idps, IdpDescriptor defaultIdp, Clock clock) {
    Map<String, IdpDescriptor> map = new LinkedHashMap<>();
    for (IdpDescriptor idp : idps) {
      map.put(idp.entityId(), idp);
    }
    this.byEntityId = Map.copyOf(map);
    this.defaultIdp = defaultIdp;
    this.clock = clock;
  }

  /** The IdP logins are sent to. */
  public IdpDescriptor defaultIdp() {
    return defaultIdp;
  }

  /** All trusted IdPs. */
  public Collection<IdpDescriptor> all() {
    return byEntityId.values();
  }

  /** The IdP named {@code entityId}, if known. */
  public Optional<IdpDescriptor> find(String entityId) {
    return Optional.ofNullable(byEntityId.get(entityId));
  }

  /**
   * The trusted IdP named {@code issuer}; refuses an unknown one and one whose metadata expired
   * while spgate was running (start-up already refuses expired metadata).
   */
  public IdpDescriptor trusted(String issuer) throws Rejection {
    IdpDescriptor idp = byEntityId.get(issuer);
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
