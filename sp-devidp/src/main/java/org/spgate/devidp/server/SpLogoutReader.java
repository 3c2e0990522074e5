package org.spgate.devidp.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.StatusResponseType;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.IdUniqueness;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.saml2.logout.RedirectQuery;
import org.w3c.dom.Document;

/**
 * Reads the SP's logout messages at the development IdP's HTTP-Redirect SingleLogoutService:
 * hardened parse with unique IDs, the one SP as Issuer, a query signature by one of the SP's keys
 * (required), this endpoint as Destination, IssueInstant within five minutes (with a minute of
 * skew) and NotOnOrAfter not passed. No replay cache: a replayed LogoutRequest could only end a
 * session again.
 */
final class SpLogoutReader {

  private static final int MAX_MESSAGE_BYTES = 64 * 1024;
  private static final Duration LIFETIME = Duration.ofMinutes(5);
  private static final Duration SKEW = Duration.ofMinutes(1);

  private final String spEntityId;
  private final SpLogout sp;
  private final String endpoint;
  private final Clock clock;
  private final AlgorithmPolicy algorithms = new AlgorithmPolicy(false);

  /**
   * @param endpoint this IdP's SingleLogoutService URL, which Destination must name
   */
  SpLogoutReader(String spEntityId, SpLogout sp, String endpoint, Clock clock) {
    this.spEntityId = spEntityId;
    this.sp = sp;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** The SP's LogoutRequest in {@code query}, every check passed. */
  LogoutRequest request(RedirectQuery query) throws Rejection {
    LogoutRequest request = read(query, RedirectBinding.REQUEST, LogoutRequest.class);
    issuer(request.getIssuer());
    RedirectBinding.verify(query, RedirectBinding.REQUEST, sp.signingKeys(), algorithms);
    destination(request.getDestination());
    issuedRecently(request.getIssueInstant());
    Instant notOnOrAfter = request.getNotOnOrAfter();
    if (notOnOrAfter != null && !clock.instant().isBefore(notOnOrAfter.plus(SKEW))) {
      throw new Rejection(Reason.EXPIRED, "LogoutRequest NotOnOrAfter " + notOnOrAfter + " passed");
    }
    NameID nameId = request.getNameID();
    if (nameId == null || nameId.getValue() == null || nameId.getValue().isBlank()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "LogoutRequest has no NameID");
    }
    return request;
  }

  /** The SP's LogoutResponse in {@code query}, every check passed. */
  LogoutResponse response(RedirectQuery query) throws Rejection {
    LogoutResponse response = read(query, RedirectBinding.RESPONSE, LogoutResponse.class);
    issuer(response.getIssuer());
    RedirectBinding.verify(query, RedirectBinding.RESPONSE, sp.signingKeys(), algorithms);
    destination(response.getDestination());
    issuedRecently(response.getIssueInstant());
    return response;
  }

  /** Whether {@code response} says Success. */
  static boolean success(StatusResponseType response) {
    return response.getStatus() != null
        && response.getStatus().getStatusCode() != null
        && org.opensaml.saml.saml2.core.StatusCode.SUCCESS.equals(
            response.getStatus().getStatusCode().getValue());
  }

  private <T> T read(RedirectQuery query, String param, Class<T> type) throws Rejection {
    Document document =
        OpenSaml.xml().parse(RedirectBinding.decodeMessage(query, param, MAX_MESSAGE_BYTES));
    IdUniqueness.check(document);
    XMLObject object = OpenSaml.unmarshal(document.getDocumentElement());
    if (!type.isInstance(object)) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          param + " is not a " + type.getSimpleName() + " but " + object.getElementQName());
    }
    return type.cast(object);
  }

  private void issuer(@Nullable Issuer issuer) throws Rejection {
    String value = issuer == null ? null : issuer.getValue();
    if (!spEntityId.equals(value == null ? null : value.strip())) {
      throw new Rejection(
          Reason.UNKNOWN_ISSUER,
          "logout message from '" + value + "'; this IdP serves only " + spEntityId);
    }
  }

  private void destination(@Nullable String destination) throws Rejection {
    if (!endpoint.equals(destination)) {
      throw new Rejection(
          Reason.WRONG_DESTINATION, "Destination '" + destination + "' is not " + endpoint);
    }
  }

  private void issuedRecently(@Nullable Instant issued) throws Rejection {
    Instant now = clock.instant();
    if (issued == null
        || issued.isAfter(now.plus(SKEW))
        || issued.plus(LIFETIME).plus(SKEW).isBefore(now)) {
      throw new Rejection(Reason.EXPIRED, "logout message IssueInstant " + issued + " at " + now);
    }
  }
}
