package org.spgate.server.logout;

import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;

/**
 * SP-initiated SAML 2.0 Single Logout (SAML profiles 4.4.4.1): for a session that came from a SAML
 * 2.0 IdP with a SingleLogoutService, a LogoutRequest naming the session's NameID exactly as the
 * IdP sent it (value, Format, NameQualifier, SPNameQualifier) and its SessionIndex, signed with the
 * SP's key, recorded as a pending logout so that the IdP's LogoutResponse is accepted once, on any
 * node sharing the store. The IdP's HTTP-Redirect endpoint is preferred (signature in the query,
 * SAML bindings 3.4.4.1); an IdP that lists only HTTP-POST gets the request in an auto-submitting
 * form, signed with an enveloped XML signature (SAML bindings 3.5.4).
 *
 * <p>Not used for WS-Federation or SAML 1.1 sessions, sessions without a NameID, or IdPs whose
 * metadata has neither: those sign out locally only. The LogoutRequest carries no RelayState; the
 * LogoutResponse's InResponseTo finds the pending logout.
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

  /**
   * A LogoutRequest on its way to the IdP: a URL to redirect to (HTTP-Redirect), or, when {@code
   * postedRequest} is given, the base64 request to post to {@code location} (HTTP-POST).
   */
  public record Outgoing(String location, @Nullable String postedRequest) {}

  /**
   * The IdP's SingleLogoutService for {@code session}, when it can be logged out there: its
   * HTTP-Redirect endpoint, else its HTTP-POST one.
   */
  public Optional<Endpoint> endpointFor(Session session) {
    if (session.protocol() != Protocol.SAML2 || session.nameId() == null) {
      return Optional.empty();
    }
    return idps.find(session.idpEntityId())
        .flatMap(
            idp ->
                idp.sloService(IdpDescriptor.REDIRECT_BINDING)
                    .or(() -> idp.sloService(IdpDescriptor.POST_BINDING)));
  }

  /**
   * Records a pending logout of {@code session} and returns its signed LogoutRequest to {@code
   * endpoint}, in that endpoint's binding. Blocks on a shared store: worker threads only.
   *
   * @param returnTo the checked URL the browser goes to once the IdP confirmed, or null
   * @throws org.spgate.core.session.SessionStoreException if a shared store cannot be reached
   */
  public Outgoing start(Session session, Endpoint endpoint, @Nullable String returnTo) {
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
    if (IdpDescriptor.POST_BINDING.equals(endpoint.binding())) {
      String algorithm = RedirectBinding.sigAlgFor(signingKey);
      XmlSigner.sign(request, signingKey.toOpenSaml(), algorithm, AlgorithmPolicy.SHA256);
      return new Outgoing(
          endpoint.location(),
          Base64.getEncoder()
              .encodeToString(OpenSaml.toXml(request).getBytes(StandardCharsets.UTF_8)));
    }
    return new Outgoing(
        RedirectBinding.encode(
            endpoint.location(),
            RedirectBinding.REQUEST,
            OpenSaml.toXml(request),
            null,
            signingKey),
        null);
  }

  /** Answers {@code exchange} with the auto-submitting form of a posted {@code request}. */
  public static void sendForm(HttpServerExchange exchange, Outgoing request) {
    LogoutPostForm.send(exchange, request);
  }
}
