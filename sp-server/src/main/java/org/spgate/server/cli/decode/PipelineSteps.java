package org.spgate.server.cli.decode;

import static org.spgate.core.check.Reason.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.spgate.core.check.Reason;
import org.spgate.server.cli.decode.CapturedMessage.Protocol;

/**
 * The checks of each consumer, in the order they run (see {@code Saml2ResponseConsumer} and {@code
 * WsFedSignInConsumer}), with the reasons each can refuse with. The consumer stops at the first
 * failure and names only its reason; the failed step is the first one here that can refuse with
 * that reason, so every step before it passed.
 */
public final class PipelineSteps {

  /** One check and the reasons it refuses with. */
  public record Step(String name, Set<Reason> reasons) {
    static Step of(String name, Reason first, Reason... rest) {
      return new Step(name, EnumSet.of(first, rest));
    }
  }

  static final List<Step> SAML2 =
      List.of(
          Step.of(
              "base64 decoding and size (security.maxMessageBytes)",
              BAD_ENCODING,
              MESSAGE_TOO_LARGE,
              MISSING_MESSAGE),
          Step.of("hardened XML parsing (no DOCTYPE, depth and size limits)", MALFORMED_XML),
          Step.of("unique IDs in the document (signature wrapping)", DUPLICATE_ID),
          Step.of("signature and digest algorithms allowed", WEAK_ALGORITHM),
          Step.of("a SAML 2.0 Response with an ID", UNEXPECTED_MESSAGE),
          Step.of("Status is Success", STATUS_NOT_SUCCESS),
          Step.of("exactly one assertion", INCOMPLETE_ASSERTION, MULTIPLE_ASSERTIONS),
          Step.of("issuer is a trusted IdP (idp.metadata)", UNKNOWN_ISSUER, ISSUER_MISMATCH),
          Step.of(
              "decryption (if encrypted) with the SP keys", DECRYPTION_FAILED, ENCRYPTION_PROFILE),
          Step.of(
              "signature verifies with the IdP's metadata keys",
              UNSIGNED,
              SIGNATURE_INVALID,
              SIGNATURE_PROFILE),
          Step.of("Destination is this SP's ACS URL", WRONG_DESTINATION),
          Step.of("IssueInstant within security.messageLifetime", EXPIRED, NOT_YET_VALID),
          Step.of("InResponseTo / unsolicited policy", UNKNOWN_IN_RESPONSE_TO, UNSOLICITED),
          Step.of(
              "bearer SubjectConfirmation (Recipient, NotOnOrAfter)",
              WRONG_RECIPIENT,
              EXPIRED,
              NOT_YET_VALID),
          Step.of("Conditions and Audience (entityId)", WRONG_AUDIENCE, EXPIRED, NOT_YET_VALID),
          Step.of("AuthnStatement and Subject", INCOMPLETE_ASSERTION),
          Step.of("assertion ID not seen before (replay)", REPLAYED));

  static final List<Step> WSFED =
      List.of(
          Step.of("wa is wsignin1.0", UNEXPECTED_MESSAGE),
          Step.of(
              "size and hardened XML parsing",
              MESSAGE_TOO_LARGE,
              MALFORMED_XML,
              BAD_ENCODING,
              MISSING_MESSAGE),
          Step.of("unique IDs in the document (signature wrapping)", DUPLICATE_ID),
          Step.of("RSTR with exactly one token", MULTIPLE_ASSERTIONS, INCOMPLETE_ASSERTION),
          Step.of(
              "AppliesTo is entityId (the realm), Lifetime holds now",
              WRONG_AUDIENCE,
              EXPIRED,
              NOT_YET_VALID),
          Step.of(
              "decryption (if encrypted) with the SP keys", DECRYPTION_FAILED, ENCRYPTION_PROFILE),
          Step.of("issuer is a trusted IdP (idp.metadata)", UNKNOWN_ISSUER, ISSUER_MISMATCH),
          Step.of(
              "token signature verifies with the IdP's metadata keys",
              UNSIGNED,
              SIGNATURE_INVALID,
              SIGNATURE_PROFILE,
              WEAK_ALGORITHM),
          Step.of(
              "token conditions, audience and times",
              WRONG_RECIPIENT,
              WRONG_AUDIENCE,
              EXPIRED,
              NOT_YET_VALID,
              INCOMPLETE_ASSERTION),
          Step.of("wctx / unsolicited policy", UNKNOWN_IN_RESPONSE_TO, UNSOLICITED),
          Step.of("assertion ID not seen before (replay)", REPLAYED));

  private PipelineSteps() {}

  /** The steps of {@code protocol}'s consumer, in order. */
  public static List<Step> of(Protocol protocol) {
    return protocol == Protocol.SAML2 ? SAML2 : WSFED;
  }

  /**
   * The index of the step that refused with {@code reason}: the first that can, except that a time
   * refusal whose detail does not name an IssueInstant belongs to a later step (the assertion's own
   * NotBefore/NotOnOrAfter).
   */
  public static int failedAt(Protocol protocol, Reason reason, String detail) {
    List<Step> steps = of(protocol);
    boolean laterTime =
        (reason == EXPIRED || reason == NOT_YET_VALID) && !detail.contains("IssueInstant");
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step.reasons().contains(reason)
          && !(laterTime && step.name().startsWith("IssueInstant"))) {
        return i;
      }
    }
    return steps.size() - 1;
  }
}
