package org.spgate.core.wsfed;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.IdUniqueness;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.AssertionDecrypter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The WS-Federation sign-in consumer: from the POSTed {@code wa}, {@code wresult} and {@code wctx}
 * of the passive requestor profile to a verified assertion, or a {@link Rejection} naming the first
 * check that failed. It has the SAML 2.0 consumer's strictness and shares its parser, ID check,
 * signature verifier, time window and replay cache.
 *
 * <p>Implementation notes — the order is part of the security:
 *
 * <ol>
 *   <li>{@code wa} must be {@code wsignin1.0} (sign-out is {@link WsFedSignOut}'s);
 *   <li>{@link WresultParser}: size cap, hardened parser, no duplicate IDs in the document;
 *   <li>{@link RstrReader}: the RSTR form, exactly one token in RequestedSecurityToken and no other
 *       Assertion anywhere (signature wrapping);
 *   <li>{@link RstrChecks}: AppliesTo names the realm, Lifetime contains now. The wrapper is
 *       unsigned (Shibboleth: "no security at the wrapper level"), so these only refuse;
 *   <li>an encrypted token ({@code xenc:EncryptedData} or {@code EncryptedAssertion}) must fit the
 *       encryption profile (AES-CBC only with {@code allowCbc}), then is decrypted with the SP's
 *       keys; decryption, the ID check of the plaintext together with the outer document, and the
 *       plaintext's authentication (next step) fail as one {@link Reason#DECRYPTION_FAILED}, since
 *       nothing verified covers the ciphertext ({@link AssertionDecrypter#uniformly});
 *   <li>the token's verifier by namespace ({@link Saml11TokenVerifier}, {@link
 *       Saml2TokenVerifier}): trusted issuer, the Assertion's own signature with the issuer's
 *       metadata keys, then conditions, audience and times read from that verified object only;
 *   <li>{@link WctxCorrelation}: consume the pending login {@code wctx} names;
 *   <li>replay cache last, so a refused token does not burn its ID.
 * </ol>
 *
 * <p>Unsolicited sign-ins (no {@code wctx} of ours — AD FS IdP-initiated sign-on, or a {@code wctx}
 * of another RP) are refused unless {@link WsFedSettings#allowUnsolicited()}. Decision: default
 * off, like the SAML 2.0 side, because an unsolicited bearer token posted by a third site logs the
 * victim in as the attacker (login CSRF) and {@code wctx} is our only correlation; AD FS
 * deployments that use IdP-initiated sign-on turn it on knowingly. A {@code wctx} in our form that
 * names no outstanding login is refused even then: it was ours, so something is wrong.
 *
 * <p>Fuzz-safe: any input yields a result or a {@link Rejection}; an unexpected runtime exception
 * from OpenSAML or the DOM on hostile input becomes {@link Reason#UNEXPECTED_MESSAGE}.
 *
 * <p>Not checked here: the bearer SubjectConfirmation (optional in AD FS's SAML 1.1 tokens), {@code
 * wauth}/authentication context requirements, binding the pending login to the browser (the HTTP
 * endpoint does that), attribute release policy.
 */
public final class WsFedSignInConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(WsFedSignInConsumer.class);

  private final WsFedSettings settings;
  private final PendingLogins pending;
  private final ReplayCache replay;
  private final TimeWindow time;
  private final Saml11TokenVerifier saml11;
  private final Saml2TokenVerifier saml2;
  private final AssertionDecrypter decrypter;

  /** Builds a consumer that refuses encrypted tokens (it holds no key to decrypt them). */
  public WsFedSignInConsumer(
      WsFedSettings settings,
      IdpRegistry idps,
      SignatureVerifier signatures,
      PendingLogins pending,
      ReplayCache replay,
      TimeWindow time) {
    this(settings, idps, signatures, pending, replay, time, List.of(), false);
  }

  /**
   * Builds the consumer; nothing is read until {@link #consume}.
   *
   * @param decryptionCredentials the SP's keys for encrypted tokens (current and next during a
   *     rollover, any order); empty refuses every encrypted token
   * @param allowCbc whether AES-CBC content encryption is decrypted ({@code
   *     security.allowCbcEncryption}); AD FS uses AES-256-CBC
   */
  public WsFedSignInConsumer(
      WsFedSettings settings,
      IdpRegistry idps,
      SignatureVerifier signatures,
      PendingLogins pending,
      ReplayCache replay,
      TimeWindow time,
      List<SpCredential> decryptionCredentials,
      boolean allowCbc) {
    OpenSaml.init();
    this.decrypter = new AssertionDecrypter(decryptionCredentials, allowCbc);
    this.settings = settings;
    this.pending = pending;
    this.replay = replay;
    this.time = time;
    TokenTrust trust = new TokenTrust(settings, idps, signatures, time);
    this.saml11 = new Saml11TokenVerifier(trust);
    this.saml2 = new Saml2TokenVerifier(trust);
  }

  /**
   * Validates a POSTed {@code wa=wsignin1.0} message.
   *
   * @param wa the action, which must be {@code wsignin1.0}
   * @param wresult the RSTR as XML text
   * @param wctx the context value echoed by the IdP, or {@code null}
   * @throws Rejection naming the first check that failed
   */
  public WsFedLogin consume(String wa, String wresult, @Nullable String wctx) throws Rejection {
    try {
      return checked(wa, wresult, wctx);
    } catch (RuntimeException e) {
      LOG.warn("WS-Fed sign-in caused an unexpected {}", e.getClass().getName(), e);
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "unreadable sign-in message: " + e, e);
    }
  }

  private WsFedLogin checked(String wa, String wresult, @Nullable String wctx) throws Rejection {
    if (!WsFedRequests.SIGN_IN.equals(wa)) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "wa '"
              + wa
              + "' is not "
              + WsFedRequests.SIGN_IN
              + (WsFedSignOut.isSignOut(wa) ? " (sign-out goes to the sign-out handler)" : ""));
    }
    Document document = WresultParser.parse(wresult, settings.maxMessageBytes());
    Rstr rstr = RstrReader.read(document);
    RstrChecks.check(rstr, settings.realm(), time);
    VerifiedToken token =
        AssertionDecrypter.isEncrypted(rstr.token())
            ? decrypted(document, rstr.token())
            : authenticate(rstr.token()).check();
    String issuer = token.assertion().issuer();
    PendingLogin login = WctxCorrelation.check(wctx, issuer, pending, settings.allowUnsolicited());
    replay.consume(issuer, token.assertion().assertionId(), token.replayUntil());
    return new WsFedLogin(token.assertion(), login);
  }

  private VerifiedToken decrypted(Document document, Element encrypted) throws Rejection {
    decrypter.checkProfile(encrypted, false);
    Authenticated<?> authenticated =
        AssertionDecrypter.uniformly(
            () -> {
              Element plain = decrypter.decryptToken(encrypted);
              IdUniqueness.check(document, plain);
              return authenticate(plain);
            });
    return authenticated.check();
  }

  /** Chooses the verifier by the token's element and authenticates the token with it. */
  private Authenticated<?> authenticate(Element token) throws Rejection {
    if (is(token, RstrReader.SAML1)) {
      return Authenticated.of(saml11, token);
    }
    if (is(token, RstrReader.SAML2)) {
      return Authenticated.of(saml2, token);
    }
    throw new Rejection(
        Reason.UNEXPECTED_MESSAGE,
        "the token is {"
            + token.getNamespaceURI()
            + "}"
            + token.getLocalName()
            + ", not a SAML 1.1 or 2.0 Assertion");
  }

  private static boolean is(Element token, String namespace) {
    return namespace.equals(token.getNamespaceURI()) && "Assertion".equals(token.getLocalName());
  }

  /** A token whose signature verified, with the verifier that checks the rest of it. */
  private record Authenticated<A>(TokenVerifier<A> verifier, A assertion) {

    static <A> Authenticated<A> of(TokenVerifier<A> verifier, Element token) throws Rejection {
      return new Authenticated<>(verifier, verifier.authenticate(token));
    }

    VerifiedToken check() throws Rejection {
      return verifier.check(assertion);
    }
  }
}
