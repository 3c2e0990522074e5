package org.spgate.server.logout;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.PendingLogout;
import org.spgate.core.login.PendingLogouts;
import org.spgate.core.metadata.Endpoint;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;

/**
 * SP-initiated SAML 2.0 Single Logout (SAML profiles 4.4.4.1): for a session that came from a SAML
 * 2.0 IdP with an HTTP-Redirect SingleLogoutService, a LogoutRequest naming the session's NameID
 * exactly as the IdP sent it (value, Format, NameQualifier, SPNameQualifier) and its SessionIndex,
 * signed with the SP's key in the query (SAML bindings 3.4.4.1), recorded as a pending logout so
 * that the IdP's LogoutResponse is accepted once, on any node sharing the store.
 *
 * <p>Not used for WS-Federation or SAML 1.1 sessions, sessions without a NameID, or IdPs whose
 * metadata has no HTTP-Redirect SingleLogoutService: those sign out locally only. The LogoutRequest
 * carries no RelayState; the LogoutResponse's InResponseTo finds the pending logout.
 */
public final class LogoutStarter {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.login");

  private final IdpRegistry idps;
  private final LogoutMessages messages;
  private final PendingLogouts pending;
  private final SpCredential signingKey;

  public LogoutStarter(
      IdpRegistry idps, LogoutMessages messages, PendingLogouts pending, SpCredential signingKey) {
    this.idps = idps;
    this.messages = messages;
    this.pending = pending;
    this.signingKey = signingKey;
  }

  /** The IdP's SingleLogoutService for {@code session}, when it can be logged out there. */
  public Optional<Endpoint> endpointFor(Session session) {
    if (session.protocol() != Protocol.SAML2 || session.nameId() == null) {
      return Optional.empty();
    }
    return idps.find(session.idpEntityId())
        .flatMap(idp -> idp.sloService(IdpDescriptor.REDIRECT_BINDING));
  }

  /**
   * Records a pending logout of {@code session} and returns the URL that carries its signed
   * LogoutRequest to {@code endpoint}. Blocks on a shared store: worker threads only.
   *
   * @param returnTo the checked URL the browser goes to once the IdP confirmed, or null
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  public String start(Session session, Endpoint endpoint, @Nullable String returnTo) {
    NameIdValue nameId = session.nameId();
    if (nameId == null) {
      throw new IllegalArgumentException("session " + session.publicId() + " has no NameID");
    }
    String requestId = RandomIds.samlId();
    LogoutRequest request =
        messages.request(
            requestId,
            endpoint.location(),
            new LogoutSubject(
                nameId.value(),
                nameId.format(),
                nameId.nameQualifier(),
                nameId.spNameQualifier(),
                session.sessionIndex()));
    pending.remember(new PendingLogout(requestId, session.idpEntityId(), returnTo));
    LOG.info(
        "logout of session {} sent to {} (LogoutRequest {})",
        session.publicId(),
        session.idpEntityId(),
        requestId);
    return RedirectBinding.encode(
        endpoint.location(), RedirectBinding.REQUEST, OpenSaml.toXml(request), null, signingKey);
  }
}
