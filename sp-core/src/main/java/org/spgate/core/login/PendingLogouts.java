package org.spgate.core.login;

import java.util.Optional;
import org.spgate.core.assertion.Protocol;

/**
 * Single Logouts in flight, kept in the same {@link PendingLogins} store as logins (so they, too,
 * reach every node sharing it and are consumed once), under keys of their own: {@value #KEY_PREFIX}
 * and the LogoutRequest ID. A login is keyed by its bare request ID, which starts with {@code _},
 * so neither kind can be consumed as the other; the SAML 2.0 ACS also refuses an InResponseTo with
 * this prefix outright.
 *
 * <p>An entry expires with the store's login timeout: a LogoutResponse later than that is refused
 * as not pending (the local session ended when the logout started, so only the return redirect is
 * lost).
 */
public final class PendingLogouts {

  /** The prefix of a pending logout's key in the pending-login store. */
  public static final String KEY_PREFIX = "slo:";

  /** Stands in for "no return URL" in {@link PendingLogin#target()}, which is never empty. */
  private static final String NO_RETURN = "";

  private final PendingLogins store;

  public PendingLogouts(PendingLogins store) {
    this.store = store;
  }

  /** Whether recording a logout answers without waiting on the network. */
  public boolean answersImmediately() {
    return store.answersImmediately();
  }

  /**
   * Remembers {@code logout} until it is answered or expires.
   *
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  public void remember(PendingLogout logout) {
    String target = logout.returnTo() == null ? NO_RETURN : logout.returnTo();
    store.put(
        new PendingLogin(
            KEY_PREFIX + logout.requestId(), target, logout.idpEntityId(), Protocol.SAML2));
  }

  /**
   * Removes and returns the logout whose LogoutRequest ID is {@code requestId}, if it is still
   * outstanding.
   *
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  public Optional<PendingLogout> consume(String requestId) {
    return store
        .consume(KEY_PREFIX + requestId)
        .map(
            login ->
                new PendingLogout(
                    requestId,
                    login.idpEntityId(),
                    login.target().equals(NO_RETURN) ? null : login.target()));
  }

  /** Whether {@code key} names a pending logout rather than a login. */
  public static boolean isLogoutKey(String key) {
    return key.startsWith(KEY_PREFIX);
  }
}
