package org.spgate.server.cli.decode;

import java.util.EnumMap;
import java.util.Map;
import org.spgate.core.check.Reason;

/** What to change, per refusal reason: the one table {@code spgate decode} prints hints from. */
public final class ReasonHints {

  private static final Map<Reason, String> HINTS = new EnumMap<>(Reason.class);

  static {
    HINTS.put(Reason.MISSING_MESSAGE, "capture the POST to the ACS/ADFS URL with its form fields");
    HINTS.put(
        Reason.BAD_ENCODING,
        "copy the SAMLResponse field whole (URL-decoded once); a HAR file avoids copy mistakes");
    HINTS.put(
        Reason.MALFORMED_XML,
        "the XML is not well-formed or has a DOCTYPE; spgate never accepts one — ask the IdP");
    HINTS.put(
        Reason.UNEXPECTED_MESSAGE,
        "not a SAML 2.0 Response / WS-Fed RSTR of the expected shape; check what was captured");
    HINTS.put(
        Reason.MESSAGE_TOO_LARGE,
        "raise security.maxMessageBytes (large group claims), or have the IdP send fewer values");
    HINTS.put(
        Reason.UNKNOWN_ISSUER,
        "add the IdP's metadata to idp.metadata (its entityID must equal the Issuer), or renew"
            + " metadata whose validUntil passed");
    HINTS.put(
        Reason.ISSUER_MISMATCH,
        "Response and Assertion issuers differ, or an Issuer Format is not entity: an IdP setting");
    HINTS.put(
        Reason.UNSIGNED,
        "make the IdP sign the assertion or the response (AD FS: Set-AdfsRelyingPartyTrust"
            + " -SamlResponseSignature MessageAndAssertion)");
    HINTS.put(
        Reason.SIGNATURE_INVALID,
        "the IdP signs with a key that is not in its metadata: refresh idp.metadata (key"
            + " rollover), or the message was altered after signing");
    HINTS.put(
        Reason.SIGNATURE_PROFILE,
        "the signature breaks the SAML signature profile (references, transforms): an IdP bug");
    HINTS.put(
        Reason.WEAK_ALGORITHM,
        "have the IdP sign with RSA-SHA256; security.allowSha1: true only for a legacy IdP");
    HINTS.put(
        Reason.DUPLICATE_ID,
        "two elements share an ID: a signature-wrapping attempt or a broken IdP; never accepted");
    HINTS.put(
        Reason.STATUS_NOT_SUCCESS,
        "the IdP refused the login; its status code and message are in the decoded Response");
    HINTS.put(
        Reason.WRONG_DESTINATION,
        "the IdP posts to another URL than this SP's ACS: set publicUrl (and handlerPath) to the"
            + " URL browsers use, or fix the ACS URL registered at the IdP (re-send our metadata)");
    HINTS.put(
        Reason.WRONG_RECIPIENT,
        "SubjectConfirmationData Recipient is not this SP's ACS URL: same fix as the Destination");
    HINTS.put(
        Reason.WRONG_AUDIENCE,
        "the Audience is not entityId: set entityId to what the IdP uses for this SP, or fix the"
            + " relying party identifier at the IdP");
    HINTS.put(
        Reason.EXPIRED,
        "too old: pass --at with the capture time; otherwise check the clocks (NTP) or raise"
            + " security.clockSkew / security.messageLifetime within reason");
    HINTS.put(
        Reason.NOT_YET_VALID,
        "from the future: the IdP's clock runs ahead; fix NTP or raise security.clockSkew");
    HINTS.put(
        Reason.UNKNOWN_IN_RESPONSE_TO,
        "answers a login this SP did not start, or started on another node (share the store)");
    HINTS.put(
        Reason.UNSOLICITED,
        "IdP-initiated login: set security.allowUnsolicited: true if you want it (login CSRF"
            + " risk), or start logins at the SP");
    HINTS.put(Reason.REPLAYED, "the assertion was already used; the browser re-posted the form");
    HINTS.put(
        Reason.INCOMPLETE_ASSERTION,
        "the assertion lacks a Subject or AuthnStatement, or the Response holds none");
    HINTS.put(
        Reason.MULTIPLE_ASSERTIONS, "exactly one assertion per Response: configure the IdP so");
    HINTS.put(
        Reason.DECRYPTION_FAILED,
        "encrypted for another key: the IdP must use the certificate of our metadata (re-send"
            + " it); AES-CBC without a signed Response needs security.allowCbcEncryption");
    HINTS.put(
        Reason.ENCRYPTION_PROFILE,
        "the encryption uses a form spgate refuses (references, transforms); prefer AES-GCM");
    HINTS.put(Reason.REDIRECT_NOT_ALLOWED, "the return URL leaves the allowed origins");
    HINTS.put(Reason.AMBIGUOUS_PATH, "the request path is ambiguous");
    HINTS.put(Reason.REQUEST_TOO_LARGE, "the request exceeds a size limit");
    HINTS.put(Reason.NO_ROUTE, "no route covers the path");
    HINTS.put(Reason.TOO_MANY_FAILURES, "security.decryptionFailuresPerMinute was exceeded; wait");
    HINTS.put(
        Reason.IDENTITY_TOO_LARGE,
        "raise headers.maxTotalSize / maxHeaderSize, map fewer attributes, or set onOverflow:"
            + " drop or truncate on a route");
    HINTS.put(
        Reason.IDENTITY_HEADER_TOO_LARGE,
        "raise the route's maxHeaderSize with the backend's per-header limit, or set onOverflow:"
            + " drop or truncate");
    HINTS.put(
        Reason.IDENTITY_HEADERS_OVER_BUDGET,
        "raise the route's maxTotalSize with the backend's header limit, or set onOverflow:"
            + " drop or truncate");
    HINTS.put(Reason.BACKEND_UNAVAILABLE, "the backend did not answer");
    HINTS.put(
        Reason.TOO_MANY_REQUESTS,
        "this address sent more logins than limits.loginsPerMinutePerAddress; wait, or raise it");
    HINTS.put(
        Reason.BAD_REQUEST_FRAMING,
        "the request body's framing is refused (Transfer-Encoding / Content-Length); fix the client");
    HINTS.put(
        Reason.UNSUPPORTED_TRANSFER_CODING,
        "only Transfer-Encoding: chunked is forwarded; send the body plain or chunked");
    HINTS.put(
        Reason.BACKEND_DOWN,
        "the backend refused connections repeatedly and is marked down; start it (backendHealth)");
    HINTS.put(Reason.SHUTTING_DOWN, "this node is stopping; the request may be retried on another");
    HINTS.put(
        Reason.BACKEND_BUSY,
        "every backend connection is busy and the queue is full: raise proxy.connectionsPerBackend"
            + " or proxy.maxQueue, or make the backend faster");
    HINTS.put(
        Reason.SESSION_STORE_UNAVAILABLE,
        "the session store (Redis) did not answer within sessions.redis.timeout; check Redis");
    HINTS.put(
        Reason.ACCESS_DENIED,
        "the user lacks what the route's access rule or level requires (routes[i].access/level)");
    HINTS.put(
        Reason.LOGIN_REQUIRED, "the route requires a session; log in at {handlerPath}/Login first");
    HINTS.put(
        Reason.CLIENT_CERTIFICATE_REQUIRED,
        "the route needs a client certificate that verifies against tls.clientCa (not expired,"
            + " not revoked)");
    HINTS.put(
        Reason.CLIENT_CERTIFICATE_MALFORMED,
        "the trusted proxy's clientCert.fromProxy.header must hold one certificate in the"
            + " configured format (escaped-pem, base64-der or pem), once");
    HINTS.put(
        Reason.CLIENT_CERTIFICATE_NO_USER,
        "the certificate verified but names no user: check clientCert.user (cn, email) or that"
            + " clientCert.dnPattern finds its group in the subject DN");
    HINTS.put(
        Reason.FORWARD_AUTH_NO_ORIGINAL,
        "the proxy calling {handlerPath}/auth must be in proxy.trustedProxies and send"
            + " X-Original-URI (nginx) or X-Forwarded-Uri (Traefik)");
    HINTS.put(
        Reason.FORWARD_AUTH_BAD_ORIGINAL,
        "the proxy must send one original URL as a path (nginx: $request_uri); a client-sent"
            + " X-Forwarded-Uri or X-Original-URI must be overwritten by the proxy");
    HINTS.put(
        Reason.LOGOUT_NOT_PENDING,
        "a LogoutResponse must answer a logout this SP started at the same IdP within 15 minutes,"
            + " once; the user is signed out here either way");
    HINTS.put(Reason.INTERNAL, "a bug in spgate: report it with the log line");
  }

  private ReasonHints() {}

  /** The hint for {@code reason}; every reason has one. */
  public static String of(Reason reason) {
    return HINTS.getOrDefault(reason, "see the log line for the detail");
  }

  /** Whether every reason has its own hint (a test keeps the table complete). */
  static boolean complete() {
    return HINTS.keySet().containsAll(java.util.EnumSet.allOf(Reason.class));
  }
}
