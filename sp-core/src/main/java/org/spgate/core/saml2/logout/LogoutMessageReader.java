package org.spgate.core.saml2.logout;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.IdUniqueness;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.Base64Message;
import org.w3c.dom.Document;

/**
 * Reads the logout messages an IdP sends us, with the same strictness as the ACS: hardened parse
 * with unique IDs; issuer trusted by metadata; a signature is required — over the exact received
 * query octets on HTTP-Redirect, an enveloped XML signature on HTTP-POST — and verified with the
 * issuer's metadata keys only; Destination must be the endpoint the message arrived at;
 * IssueInstant within the message lifetime and NotOnOrAfter not passed (both with skew); and each
 * message ID is consumed once in the (possibly shared) replay cache.
 *
 * <p>What the message then means — which sessions end, which pending logout a response answers — is
 * the caller's business.
 */
public final class LogoutMessageReader {

  /** The cap on a decoded (and on an inflated) logout message. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private final IdpRegistry idps;
  private final AlgorithmPolicy algorithms;
  private final SignatureVerifier signatures;
  private final ReplayCache replay;
  private final TimeWindow time;
  private final Duration messageLifetime;

  public LogoutMessageReader(
      IdpRegistry idps,
      AlgorithmPolicy algorithms,
      ReplayCache replay,
      TimeWindow time,
      Duration messageLifetime) {
    OpenSaml.init();
    this.idps = idps;
    this.algorithms = algorithms;
    this.signatures = new SignatureVerifier(algorithms);
    this.replay = replay;
    this.time = time;
    this.messageLifetime = messageLifetime;
  }

  /** An IdP's LogoutRequest that passed every check. */
  public record IdpLogoutRequest(
      String issuer, String id, LogoutSubject subject, @Nullable String relayState) {}

  /** An IdP's LogoutResponse that passed every check. */
  public record IdpLogoutResponse(
      String issuer, String inResponseTo, boolean success, @Nullable String relayState) {}

  /** A LogoutRequest received with HTTP-Redirect at {@code endpoint}, from its raw query. */
  public IdpLogoutRequest requestFromRedirect(String rawQuery, String endpoint) throws Rejection {
    RedirectQuery query = RedirectQuery.parse(rawQuery);
    XMLObject object =
        parse(RedirectBinding.decodeMessage(query, RedirectBinding.REQUEST, MAX_MESSAGE_BYTES));
    LogoutRequest request = expect(object, LogoutRequest.class);
    IdpDescriptor idp = idps.trusted(issuer(request.getIssuer()));
    RedirectBinding.verify(query, RedirectBinding.REQUEST, idp.signingKeys(), algorithms);
    return checkRequest(request, idp, endpoint, query.value("RelayState"));
  }

  /** A LogoutRequest received with HTTP-POST at {@code endpoint}. */
  public IdpLogoutRequest requestFromPost(
      String base64, @Nullable String relayState, String endpoint) throws Rejection {
    XMLObject object = parse(Base64Message.decode(base64, MAX_MESSAGE_BYTES));
    LogoutRequest request = expect(object, LogoutRequest.class);
    IdpDescriptor idp = idps.trusted(issuer(request.getIssuer()));
    signatures.verify(request, idp.signingKeys());
    return checkRequest(request, idp, endpoint, relayState);
  }

  /** A LogoutResponse received with HTTP-Redirect at {@code endpoint}, from its raw query. */
  public IdpLogoutResponse responseFromRedirect(String rawQuery, String endpoint) throws Rejection {
    RedirectQuery query = RedirectQuery.parse(rawQuery);
    XMLObject object =
        parse(RedirectBinding.decodeMessage(query, RedirectBinding.RESPONSE, MAX_MESSAGE_BYTES));
    LogoutResponse response = expect(object, LogoutResponse.class);
    IdpDescriptor idp = idps.trusted(issuer(response.getIssuer()));
    RedirectBinding.verify(query, RedirectBinding.RESPONSE, idp.signingKeys(), algorithms);
    return checkResponse(response, idp, endpoint, query.value("RelayState"));
  }

  /** A LogoutResponse received with HTTP-POST at {@code endpoint}; its signature is required. */
  public IdpLogoutResponse responseFromPost(
      String base64, @Nullable String relayState, String endpoint) throws Rejection {
    XMLObject object = parse(Base64Message.decode(base64, MAX_MESSAGE_BYTES));
    LogoutResponse response = expect(object, LogoutResponse.class);
    IdpDescriptor idp = idps.trusted(issuer(response.getIssuer()));
    signatures.verify(response, idp.signingKeys());
    return checkResponse(response, idp, endpoint, relayState);
  }

  private IdpLogoutRequest checkRequest(
      LogoutRequest request, IdpDescriptor idp, String endpoint, @Nullable String relayState)
      throws Rejection {
    destination(request.getDestination(), endpoint);
    time.issuedWithin(request.getIssueInstant(), messageLifetime, "LogoutRequest");
    time.notOnOrAfter(request.getNotOnOrAfter(), "LogoutRequest");
    NameID nameId = request.getNameID();
    if (nameId == null || nameId.getValue() == null || nameId.getValue().isBlank()) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE, "LogoutRequest has no (unencrypted) NameID to log out");
    }
    if (request.getSessionIndexes().size() > 1) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "LogoutRequest names " + request.getSessionIndexes().size() + " SessionIndexes");
    }
    String sessionIndex =
        request.getSessionIndexes().stream().map(SessionIndex::getValue).findFirst().orElse(null);
    consumeId(idp, request.getID(), request.getIssueInstant(), request.getNotOnOrAfter());
    return new IdpLogoutRequest(
        idp.entityId(),
        request.getID(),
        new LogoutSubject(
            nameId.getValue(),
            nameId.getFormat(),
            nameId.getNameQualifier(),
            nameId.getSPNameQualifier(),
            sessionIndex),
        relayState);
  }

  private IdpLogoutResponse checkResponse(
      StatusResponseType response, IdpDescriptor idp, String endpoint, @Nullable String relayState)
      throws Rejection {
    destination(response.getDestination(), endpoint);
    time.issuedWithin(response.getIssueInstant(), messageLifetime, "LogoutResponse");
    String inResponseTo = response.getInResponseTo();
    if (inResponseTo == null || inResponseTo.isEmpty()) {
      throw new Rejection(Reason.UNSOLICITED, "LogoutResponse has no InResponseTo");
    }
    consumeId(idp, response.getID(), response.getIssueInstant(), null);
    boolean success =
        response.getStatus() != null
            && response.getStatus().getStatusCode() != null
            && StatusCode.SUCCESS.equals(response.getStatus().getStatusCode().getValue());
    return new IdpLogoutResponse(idp.entityId(), inResponseTo, success, relayState);
  }

  private void consumeId(
      IdpDescriptor idp, @Nullable String id, Instant issueInstant, @Nullable Instant notOnOrAfter)
      throws Rejection {
    if (id == null || id.isEmpty()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "logout message has no ID");
    }
    Instant until = issueInstant.plus(messageLifetime);
    if (notOnOrAfter != null && notOnOrAfter.isAfter(until)) {
      until = notOnOrAfter;
    }
    replay.consume(idp.entityId(), id, until.plus(time.skew()));
  }

  private static void destination(@Nullable String destination, String endpoint) throws Rejection {
    // Signed logout messages must carry Destination (SAML bindings 3.4.5.2, 3.5.5.2); every logout
    // message we accept is signed.
    if (destination == null) {
      throw new Rejection(Reason.WRONG_DESTINATION, "logout message has no Destination");
    }
    if (!destination.equals(endpoint)) {
      throw new Rejection(
          Reason.WRONG_DESTINATION, "Destination '" + destination + "' is not '" + endpoint + "'");
    }
  }

  private static String issuer(@Nullable Issuer issuer) throws Rejection {
    if (issuer == null || issuer.getValue() == null || issuer.getValue().isBlank()) {
      throw new Rejection(Reason.UNKNOWN_ISSUER, "logout message has no Issuer");
    }
    return issuer.getValue().strip();
  }

  private XMLObject parse(byte[] xml) throws Rejection {
    Document document = OpenSaml.xml().parse(xml);
    IdUniqueness.check(document);
    signatures.checkAlgorithms(document);
    return OpenSaml.unmarshal(document.getDocumentElement());
  }

  private static <T> T expect(XMLObject object, Class<T> type) throws Rejection {
    if (!type.isInstance(object)) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "expected " + type.getSimpleName() + ", got " + object.getElementQName());
    }
    return type.cast(object);
  }
}
