package org.spgate.core.check;

/**
 * Why spgate refused a message or request: a closed vocabulary. Log lines carry the constant's
 * name, the error page shows its {@link #category()} and the HTTP status.
 *
 * <p>Numbers are stable and never reused; a retired reason keeps its number as a comment.
 */
public enum Reason {
  // ---- the message itself (400): not something an honest IdP sends ----
  /** 1: no message, wrong HTTP method, or a form field missing. */
  MISSING_MESSAGE(1, 400, "malformed message"),
  /** 2: base64 or deflate encoding invalid, or decoded size over the limit. */
  BAD_ENCODING(2, 400, "malformed message"),
  /** 3: not well-formed XML, a DOCTYPE, too deep, too many attributes. */
  MALFORMED_XML(3, 400, "malformed message"),
  /** 4: well-formed but not the expected SAML element or structure (SAML core schema). */
  UNEXPECTED_MESSAGE(4, 400, "malformed message"),
  /** 5: the message is too large. */
  MESSAGE_TOO_LARGE(5, 413, "malformed message"),

  // ---- trust (403) ----
  /** 10: the Issuer is not an IdP of the loaded metadata, or its metadata expired. */
  UNKNOWN_ISSUER(10, 403, "untrusted issuer"),
  /** 11: the Response and Assertion issuers differ, or the issuer format is not entity. */
  ISSUER_MISMATCH(11, 403, "untrusted issuer"),
  /** 12: neither the Response nor the Assertion is signed (SAML profiles 4.1.3.5). */
  UNSIGNED(12, 403, "signature"),
  /** 13: the signature does not verify with any key of the IdP's metadata. */
  SIGNATURE_INVALID(13, 403, "signature"),
  /** 14: the signature breaks the SAML signature profile (core 5.4): references, transforms. */
  SIGNATURE_PROFILE(14, 403, "signature"),
  /** 15: a signature or digest algorithm outside the allow-list (SHA-1, MD5, HMAC). */
  WEAK_ALGORITHM(15, 403, "signature"),
  /** 16: two elements share an ID, or the signed element is not the one used. */
  DUPLICATE_ID(16, 403, "signature"),

  // ---- protocol (403) ----
  /** 20: the IdP answered with a non-Success status (core 3.2.2.2). */
  STATUS_NOT_SUCCESS(20, 403, "authentication failed at the IdP"),
  /** 21: Destination is not this SP's assertion consumer URL (core 3.2.2). */
  WRONG_DESTINATION(21, 403, "wrong recipient"),
  /** 22: no bearer SubjectConfirmation whose Recipient is this ACS URL (profiles 4.1.4.2). */
  WRONG_RECIPIENT(22, 403, "wrong recipient"),
  /** 23: the AudienceRestriction does not contain this SP's entityID (core 2.5.1.4). */
  WRONG_AUDIENCE(23, 403, "wrong recipient"),
  /** 24: NotOnOrAfter, or IssueInstant + message lifetime, is in the past beyond the skew. */
  EXPIRED(24, 403, "expired or not yet valid"),
  /** 25: NotBefore or IssueInstant is in the future beyond the skew. */
  NOT_YET_VALID(25, 403, "expired or not yet valid"),
  /** 26: InResponseTo names no request that this SP has outstanding (profiles 4.1.4.3). */
  UNKNOWN_IN_RESPONSE_TO(26, 403, "unsolicited or unknown response"),
  /** 27: no InResponseTo, and unsolicited responses are not allowed by configuration. */
  UNSOLICITED(27, 403, "unsolicited or unknown response"),
  /** 28: the assertion ID was already consumed (profiles 4.1.4.5). */
  REPLAYED(28, 403, "replayed message"),
  /** 29: the assertion lacks something the SSO profile requires (AuthnStatement, Subject). */
  INCOMPLETE_ASSERTION(29, 403, "incomplete assertion"),
  /** 30: more than one assertion where exactly one is required. */
  MULTIPLE_ASSERTIONS(30, 403, "incomplete assertion"),
  /** 31: an encrypted assertion or ID could not be decrypted (one reason for every cause). */
  DECRYPTION_FAILED(31, 403, "decryption"),
  /**
   * 32: an EncryptedAssertion outside spgate's XML Encryption profile, refused before decryption:
   * CipherReference, RetrievalMethod, KeyInfoReference, transforms, or a structure not expected.
   */
  ENCRYPTION_PROFILE(32, 403, "decryption"),

  // ---- the browser's request (400/403) ----
  /** 40: a target/return/RelayState URL leaves the allowed origins. */
  REDIRECT_NOT_ALLOWED(40, 400, "redirect refused"),
  /** 41: the request path is ambiguous ("..", encoded slash, path parameters). */
  AMBIGUOUS_PATH(41, 400, "bad request path"),
  // 42: retired before release (a session used from another address is ended, not refused).
  /** 43: the request's headers or body exceed a limit. */
  REQUEST_TOO_LARGE(43, 413, "request too large"),
  /** 44: no route covers the path, or no SP endpoint has that name. */
  NO_ROUTE(44, 404, "not found"),
  /**
   * 45: the client address sent more sign-ins that failed decryption than {@code
   * security.decryptionFailuresPerMinute} allows (padding-oracle defence); its sign-ins are refused
   * until the budget refills.
   */
  TOO_MANY_FAILURES(45, 429, "too many failed sign-ins"),
  /** 46: this client address started more logins than limits.loginsPerMinutePerAddress. */
  TOO_MANY_REQUESTS(46, 429, "too many requests"),
  /**
   * 47: the request body's framing is refused (RFC 9112 6): chunked not the final coding, both
   * Transfer-Encoding and Content-Length, conflicting Content-Length, or a malformed chunked body.
   */
  BAD_REQUEST_FRAMING(47, 400, "bad request"),
  /** 48: the request uses a transfer coding spgate does not forward (only chunked is). */
  UNSUPPORTED_TRANSFER_CODING(48, 501, "not implemented"),

  /**
   * 60: at login, the mapped attributes fit no route's identity header budget ({@code
   * headers.maxHeaderSize} / {@code maxTotalSize}, or a route's own) and every route refuses
   * (onOverflow: refuse), so no session is made.
   */
  IDENTITY_TOO_LARGE(60, 403, "identity too large"),

  // ---- upstream (5xx, never caused by the client) ----
  /** 50: the backend could not be reached or did not answer in time. */
  BACKEND_UNAVAILABLE(50, 502, "backend unavailable"),
  /** 52: the backend refused connections repeatedly and is marked down for a back-off. */
  BACKEND_DOWN(52, 503, "backend unavailable"),
  /** 53: spgate is shutting down and no longer takes requests on this connection. */
  SHUTTING_DOWN(53, 503, "shutting down"),
  /**
   * 54: every connection spgate may open to the backend (proxy.connectionsPerBackend) is busy and
   * the wait queue (proxy.maxQueue) is full, or the request waited in it past proxy.backendTimeout.
   */
  BACKEND_BUSY(54, 503, "backend busy"),
  /** 51: spgate itself failed; the log holds the stack trace under the correlation id. */
  INTERNAL(51, 500, "internal error"),

  // ---- shared state (5xx) ----
  /**
   * 70: the session store (Redis) did not answer in time or refused; the request's session could
   * not be checked, so it is not served as authenticated.
   */
  SESSION_STORE_UNAVAILABLE(70, 503, "session store unavailable"),
  // ---- access to a route ----
  /** 75: the user has a session but does not meet the route's access rule or level. */
  ACCESS_DENIED(75, 403, "access denied"),
  /**
   * 76: an API client without a session asked for a route that requires one (JSON, no redirect).
   */
  LOGIN_REQUIRED(76, 401, "login required"),
  // ---- edge (issue 15) ----
  /**
   * 85: the route has {@code clientCert: required} and the TLS client sent no certificate, or one
   * that does not verify against {@code tls.clientCa} (unknown issuer, expired, revoked).
   */
  CLIENT_CERTIFICATE_REQUIRED(85, 403, "client certificate required"),
  /**
   * 86: a forward-auth request ({@code {handlerPath}/auth}) without the original URL from a proxy
   * in {@code proxy.trustedProxies}: the peer is not trusted (its {@code X-Original-URI} / {@code
   * X-Forwarded-Uri} were ignored) or it sent neither.
   */
  FORWARD_AUTH_NO_ORIGINAL(86, 400, "forward-auth refused"),
  /**
   * 87: a forward-auth request whose original URL is unusable: not an origin-form path, given
   * twice, or {@code X-Original-URI} and {@code X-Forwarded-Uri} disagreeing.
   */
  FORWARD_AUTH_BAD_ORIGINAL(87, 400, "forward-auth refused"),
  // ---- SP-initiated Single Logout (issue 16) ----
  /**
   * 90: a LogoutResponse whose InResponseTo names no logout this SP started and has outstanding
   * (expired, already answered, or never sent), or that comes from an IdP other than the one the
   * LogoutRequest went to (SAML profiles 4.4.4.2). The local session had already ended.
   */
  LOGOUT_NOT_PENDING(90, 403, "unsolicited or unknown response"),
  // 91: reserved for SP-initiated Single Logout.
  // ---- identity header budgets per route (issue 17) ----
  // 500, not 4xx: the user did nothing wrong (RFC 9110 15.5 vs 15.6); not 502/503: the backend was
  // not asked, and a 503 invites retries that fail the same way. The page names the attribute.
  /**
   * 92: on a route with {@code onOverflow: refuse}, one attribute's header (or the remote-user
   * header) is larger than the route's {@code maxHeaderSize}.
   */
  IDENTITY_HEADER_TOO_LARGE(92, 500, "identity too large for this application"),
  /**
   * 93: on a route with {@code onOverflow: refuse}, the identity headers together are larger than
   * the route's {@code maxTotalSize}.
   */
  IDENTITY_HEADERS_OVER_BUDGET(93, 500, "identity too large for this application"),
  // ---- client certificates (issue 15, certificate identity) ----
  /**
   * 96: the client-certificate header of a trusted TLS-terminating proxy ({@code
   * clientCert.fromProxy}) holds no readable certificate: not the configured format, bad base64 or
   * percent-escapes, not one DER X.509 certificate, or the header given twice.
   */
  CLIENT_CERTIFICATE_MALFORMED(96, 400, "client certificate unreadable"),
  /**
   * 97: on a route with {@code identity: certificate}, a request without a session brought a
   * certificate that verifies but names no user ({@code clientCert.user}: no CN, no e-mail, or a
   * subject DN that {@code dnPattern} does not find).
   */
  CLIENT_CERTIFICATE_NO_USER(97, 403, "client certificate names no user");

  private final int number;
  private final int httpStatus;
  private final String category;

  Reason(int number, int httpStatus, String category) {
    this.number = number;
    this.httpStatus = httpStatus;
    this.category = category;
  }

  /** The stable number shown on error pages (e.g. "SPG-13"). */
  public int number() {
    return number;
  }

  /** The HTTP status an endpoint answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The class of failure shown to the user; deliberately coarse. */
  public String category() {
    return category;
  }

  /** The code shown to users and support staff, e.g. {@code SPG-13}. */
  public String code() {
    return "SPG-" + number;
  }
}
