package org.spgate.core.saml2.logout;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.spgate.core.opensaml.OpenSaml;

/**
 * Builds LogoutRequests and LogoutResponses with OpenSAML's object model (never string templates);
 * the SP's and the development IdP's side alike, told apart only by the issuer.
 */
public final class LogoutMessages {

  /** How long a LogoutRequest we send stays valid (its NotOnOrAfter). */
  static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);

  private final String issuer;
  private final Clock clock;

  public LogoutMessages(String issuer, Clock clock) {
    OpenSaml.init();
    this.issuer = issuer;
    this.clock = clock;
  }

  /** A LogoutRequest with ID {@code id} to {@code destination} naming {@code subject}. */
  public LogoutRequest request(String id, String destination, LogoutSubject subject) {
    LogoutRequest request = OpenSaml.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
    request.setID(id);
    request.setVersion(SAMLVersion.VERSION_20);
    request.setIssueInstant(clock.instant());
    request.setNotOnOrAfter(clock.instant().plus(REQUEST_LIFETIME));
    request.setDestination(destination);
    request.setIssuer(issuer());
    NameID nameId = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
    nameId.setValue(subject.nameId());
    nameId.setFormat(subject.format());
    nameId.setNameQualifier(subject.nameQualifier());
    nameId.setSPNameQualifier(subject.spNameQualifier());
    request.setNameID(nameId);
    if (subject.sessionIndex() != null) {
      SessionIndex index = OpenSaml.build(SessionIndex.DEFAULT_ELEMENT_NAME);
      index.setValue(subject.sessionIndex());
      request.getSessionIndexes().add(index);
    }
    return request;
  }

  /**
   * A LogoutResponse with ID {@code id} to {@code destination} answering {@code inResponseTo} with
   * the top-level {@code statusCode} (and {@code subStatus} when not null).
   */
  public LogoutResponse response(
      String id,
      String destination,
      String inResponseTo,
      String statusCode,
      @Nullable String subStatus) {
    LogoutResponse response = OpenSaml.build(LogoutResponse.DEFAULT_ELEMENT_NAME);
    fill(response, id, destination, inResponseTo, statusCode, subStatus);
    return response;
  }

  private void fill(
      StatusResponseType response,
      String id,
      String destination,
      String inResponseTo,
      String statusCode,
      @Nullable String subStatus) {
    response.setID(id);
    response.setVersion(SAMLVersion.VERSION_20);
    response.setIssueInstant(clock.instant());
    response.setDestination(destination);
    response.setInResponseTo(inResponseTo);
    response.setIssuer(issuer());
    Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
    StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
    code.setValue(statusCode);
    if (subStatus != null) {
      StatusCode sub = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
      sub.setValue(subStatus);
      code.setStatusCode(sub);
    }
    status.setStatusCode(code);
    response.setStatus(status);
  }

  private Issuer issuer() {
    Issuer element = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
    element.setValue(issuer);
    return element;
  }
}
