package org.spgate.devidp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.StatusCode;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;

/**
 * Mints the logout messages an IdP sends to an SP — IdP-initiated LogoutRequests and the
 * LogoutResponses answering the SP's requests — in either binding, signed by default; each setter
 * breaks one property so tests can prove the SP refuses it.
 */
public final class LogoutMinter {

  private final SpCredential idpKey;
  private final Clock clock;
  private String issuer;
  private @Nullable String destination;
  private Duration issuedAgo = Duration.ZERO;
  private @Nullable Duration validFor = Duration.ofMinutes(5);
  private boolean signed = true;
  private @Nullable SpCredential signingKey;

  public LogoutMinter(String idpEntityId, SpCredential idpKey, Clock clock) {
    OpenSaml.init();
    this.issuer = idpEntityId;
    this.idpKey = idpKey;
    this.clock = clock;
  }

  /** Sends as {@code issuer} instead of the IdP's entityID. */
  public LogoutMinter issuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  /** Sets Destination to {@code destination} instead of the endpoint the message is sent to. */
  public LogoutMinter destination(String destination) {
    this.destination = destination;
    return this;
  }

  /** Back-dates IssueInstant (and NotOnOrAfter with it) by {@code ago}. */
  public LogoutMinter issuedAgo(Duration ago) {
    this.issuedAgo = ago;
    return this;
  }

  /** Leaves the message unsigned. */
  public LogoutMinter unsigned() {
    this.signed = false;
    return this;
  }

  /** Signs with {@code key} instead of the IdP's key. */
  public LogoutMinter signedBy(SpCredential key) {
    this.signingKey = key;
    return this;
  }

  /** A LogoutRequest with {@code id} for {@code subject} as an HTTP-Redirect URL to {@code to}. */
  public String requestRedirect(String to, String id, LogoutSubject subject) {
    return redirect(to, RedirectBinding.REQUEST, OpenSaml.toXml(request(to, id, subject)), null);
  }

  /**
   * A LogoutRequest with {@code id} for {@code subject}, base64 for an HTTP-POST form to {@code
   * to}.
   */
  public String requestPost(String to, String id, LogoutSubject subject) {
    LogoutRequest request = request(to, id, subject);
    if (signed) {
      XmlSigner.sign(request, key().toOpenSaml());
    }
    return base64(OpenSaml.toXml(request));
  }

  /**
   * A LogoutResponse with {@code id} answering {@code inResponseTo} with {@code statusCode}, as an
   * HTTP-Redirect URL to {@code to} carrying {@code relayState}.
   */
  public String responseRedirect(
      String to, String id, String inResponseTo, String statusCode, @Nullable String relayState) {
    return redirect(
        to,
        RedirectBinding.RESPONSE,
        OpenSaml.toXml(response(to, id, inResponseTo, statusCode)),
        relayState);
  }

  /** The same response, base64 for an HTTP-POST form. */
  public String responsePost(String to, String id, String inResponseTo, String statusCode) {
    LogoutResponse response = response(to, id, inResponseTo, statusCode);
    if (signed) {
      XmlSigner.sign(response, key().toOpenSaml());
    }
    return base64(OpenSaml.toXml(response));
  }

  /** A successful LogoutResponse, as a redirect URL. */
  public String successRedirect(String to, String id, String inResponseTo) {
    return responseRedirect(to, id, inResponseTo, StatusCode.SUCCESS, null);
  }

  private LogoutRequest request(String to, String id, LogoutSubject subject) {
    LogoutRequest request = messages().request(id, destinationOr(to), subject);
    if (validFor == null) {
      request.setNotOnOrAfter(null);
    } else {
      request.setNotOnOrAfter(request.getIssueInstant().plus(validFor));
    }
    return request;
  }

  private LogoutResponse response(String to, String id, String inResponseTo, String statusCode) {
    return messages().response(id, destinationOr(to), inResponseTo, statusCode, null);
  }

  private String redirect(String to, String param, String xml, @Nullable String relayState) {
    String url = RedirectBinding.encode(to, param, xml, relayState, key());
    if (signed) {
      return url;
    }
    int cut = url.indexOf("&SigAlg=");
    return url.substring(0, cut);
  }

  private LogoutMessages messages() {
    Instant at = clock.instant().minus(issuedAgo);
    return new LogoutMessages(issuer, Clock.fixed(at, clock.getZone()));
  }

  private String destinationOr(String to) {
    return destination == null ? to : destination;
  }

  private SpCredential key() {
    return signingKey == null ? idpKey : signingKey;
  }

  private static String base64(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }
}
