package org.spgate.core.wsfed;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.w3c.dom.Document;

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
 * <p>Not checked here: encrypted tokens (refused), the bearer SubjectConfirmation, {@code
 * wauth}/authentication context requirements, binding the pending login to the browser (the HTTP
 * endpoint does that), attribute release policy.
 */
public final class WsFedSignInConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(WsFedSignInConsumer.class);

  private final WsFedSettings settings;
  private final PendingLogins pending;
  private final ReplayCache replay;
  private final TimeWindow time;
  private final TokenVerifier saml11;
  private final TokenVerifier saml2;

  /** Builds the consumer; nothing is read until {@link #consume}. */
  public WsFedSignInConsumer(
      WsFedSettings settings,
      IdpRegistry idps,
      SignatureVerifier signatures,
      PendingLogins pending,
      ReplayCache replay,
      TimeWindow time) {
    OpenSaml.init();
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
    TokenVerifier verifier =
        RstrReader.SAML1.equals(rstr.token().getNamespaceURI()) ? saml11 : saml2;
    VerifiedToken token = verifier.verify(rstr.token());
    String issuer = token.assertion().issuer();
    PendingLogin login = WctxCorrelation.check(wctx, issuer, pending, settings.allowUnsolicited());
    replay.consume(issuer, token.assertion().assertionId(), token.replayUntil());
    return new WsFedLogin(token.assertion(), login);
  }
}
