package org.spgate.core.saml2;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Response;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.assertion.VerifiedAssertion;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.IdUniqueness;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SAML 2.0 assertion consumer: from the POSTed {@code SAMLResponse} field to a verified
 * assertion, or a {@link Rejection} naming the first check that failed.
 *
 * <p>Implementation notes — the order is part of the security:
 *
 * <ol>
 *   <li>decode with a size cap; parse with the hardened parser (no DOCTYPE, depth and attribute
 *       limits, comments dropped); refuse duplicate IDs anywhere in the document (XSW), and weak
 *       algorithms in any signature before OpenSAML reads it;
 *   <li>the root must be a SAML 2.0 Response with exactly one Assertion or EncryptedAssertion (no
 *       mixing of signed and unsigned assertions is possible with one);
 *   <li>Status Success, then the issuer must be a trusted IdP;
 *   <li>signatures: the Response's if present, the Assertion's if present, each with the IdP's
 *       metadata keys; at least one must be present. From here on only the verified Assertion
 *       object (the very node the verified reference points to) is read;
 *   <li>an EncryptedAssertion is decrypted only after the Response signature (if any) verified,
 *       after {@link EncryptionProfile} accepted its DOM (CBC only in a signed Response, or with
 *       {@code allowCbc}); the plaintext is parsed by the same hardened parser, its IDs must be
 *       unique together with the outer document's, and it must itself be signed unless the Response
 *       is. When no verified Response signature covers the ciphertext, decryption and the
 *       plaintext's checks up to its signature fail with one reason ({@link
 *       AssertionDecrypter#uniformly}): a padding or parse oracle must not exist;
 *   <li>Destination, IssueInstant, InResponseTo (consuming the pending request);
 *   <li>bearer confirmation, conditions and audience, authentication statement;
 *   <li>replay cache last, so a refused message does not burn its ID.
 * </ol>
 *
 * Not checked here: encrypted NameIDs and attributes (ignored), attribute release policy (attribute
 * mapping decides which attributes reach the backend). Any unexpected runtime exception from the
 * XML libraries is turned into a {@link Reason#UNEXPECTED_MESSAGE} rejection at this boundary
 * rather than escaping.
 */
public final class Saml2ResponseConsumer {

  static final String SAML2P = "urn:oasis:names:tc:SAML:2.0:protocol";

  private final Saml2Settings settings;
  private final IdpRegistry idps;
  private final SignatureVerifier signatures;
  private final PendingLogins pending;
  private final ReplayCache replay;
  private final TimeWindow time;
  private final AssertionDecrypter decrypter;

  /**
   * A consumer for one SP.
   *
   * @param decryptionCredentials the SP's keys for EncryptedAssertions (current and next during a
   *     rollover, any order); empty refuses every encrypted assertion
   */
  public Saml2ResponseConsumer(
      Saml2Settings settings,
      IdpRegistry idps,
      SignatureVerifier signatures,
      PendingLogins pending,
      ReplayCache replay,
      TimeWindow time,
      List<SpCredential> decryptionCredentials) {
    this(settings, idps, signatures, pending, replay, time, decryptionCredentials, false);
  }

  /**
   * A consumer for one SP that, with {@code allowCbc}, also decrypts AES-CBC EncryptedAssertions in
   * an unsigned Response (AD FS's default), reporting every failure of decryption and of the
   * plaintext's signature as one {@link Reason#DECRYPTION_FAILED}.
   */
  public Saml2ResponseConsumer(
      Saml2Settings settings,
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
    this.idps = idps;
    this.signatures = signatures;
    this.pending = pending;
    this.replay = replay;
    this.time = time;
  }

  /** Validates the base64 {@code SAMLResponse} form value. */
  public Saml2Login consume(String samlResponse) throws Rejection {
    try {
      return consumeChecked(samlResponse);
    } catch (RuntimeException e) {
      // A library bug class (OpenSAML 4.0.1 is end of life): refuse, never propagate.
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "unexpected " + e.getClass().getSimpleName() + " while reading the Response",
          e);
    }
  }

  private Saml2Login consumeChecked(String samlResponse) throws Rejection {
    byte[] xml = Base64Message.decode(samlResponse, settings.maxMessageBytes());
    Document document = OpenSaml.xml().parse(xml);
    IdUniqueness.check(document);
    signatures.checkAlgorithms(document);
    Response response = unmarshalResponse(document.getDocumentElement());
    try {
      return checked(document, response);
    } catch (Rejection e) {
      throw e.about(described(response));
    }
  }

  /** What the log line of a refusal may say about {@code response} (claimed, not verified). */
  private static Rejection.Message described(Response response) {
    String issuer = response.getIssuer() == null ? null : response.getIssuer().getValue();
    String assertionId =
        response.getAssertions().size() == 1 ? response.getAssertions().get(0).getID() : null;
    return new Rejection.Message(issuer, response.getID(), assertionId);
  }

  private Saml2Login checked(Document document, Response response) throws Rejection {
    StatusCheck.check(response);
    Verified verified = verifiedAssertion(document, response);
    Assertion assertion = verified.assertion();
    String issuer = verified.issuer();
    boolean responseSigned = verified.responseSigned();

    DestinationCheck.check(response, settings.acsUrl(), responseSigned);
    time.issuedWithin(response.getIssueInstant(), settings.messageLifetime(), "Response");
    time.issuedWithin(assertion.getIssueInstant(), settings.messageLifetime(), "Assertion");
    PendingLogin login =
        InResponseToCheck.check(response, issuer, pending, settings.allowUnsolicited());

    Instant confirmedUntil =
        BearerConfirmationCheck.check(
            assertion, settings.acsUrl(), response.getInResponseTo(), time);
    Instant conditionsUntil = ConditionsCheck.check(assertion, settings.spEntityId(), time);
    VerifiedAssertion read = Saml2AssertionReader.read(assertion, issuer);
    AuthnInstantCheck.check(assertion, time);

    replay.consume(
        issuer, assertion.getID(), latest(confirmedUntil, conditionsUntil).plus(time.skew()));
    return new Saml2Login(read, login, response.getID());
  }

  /** The one assertion, decrypted if need be, with every present signature verified. */
  private Verified verifiedAssertion(Document document, Response response) throws Rejection {
    countAssertions(response);
    if (response.getEncryptedAssertions().isEmpty()) {
      Assertion assertion = response.getAssertions().get(0);
      boolean responseSigned =
          verifyIfSigned(response, idps.trusted(IssuerCheck.issuerOf(response, assertion)));
      return verifiedPlaintext(response, assertion, responseSigned);
    }
    boolean responseSigned =
        response.getSignature() != null
            && verifyIfSigned(response, idps.trusted(IssuerCheck.signedResponseIssuer(response)));
    EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
    Element dom = encrypted.getDOM();
    if (dom == null) {
      throw new Rejection(Reason.ENCRYPTION_PROFILE, "EncryptedAssertion without DOM");
    }
    decrypter.checkProfile(dom, responseSigned);
    if (responseSigned) {
      // The verified Response signature covers the ciphertext: nobody altered it, so the exact
      // reasons below reveal nothing about its plaintext.
      Assertion assertion = decrypter.decryptChecked(encrypted);
      IdUniqueness.check(document, assertion.getDOM());
      return verifiedPlaintext(response, assertion, true);
    }
    // Nothing verified covers the ciphertext: one answer for every failure (padding oracle).
    return AssertionDecrypter.uniformly(
        () -> {
          Assertion assertion = decrypter.decryptChecked(encrypted);
          IdUniqueness.check(document, assertion.getDOM());
          return verifiedPlaintext(response, assertion, false);
        });
  }

  private Verified verifiedPlaintext(Response response, Assertion assertion, boolean responseSigned)
      throws Rejection {
    if (assertion.getID() == null) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "Assertion has no ID");
    }
    String issuer = IssuerCheck.issuerOf(response, assertion);
    boolean assertionSigned = verifyIfSigned(assertion, idps.trusted(issuer));
    if (!responseSigned && !assertionSigned) {
      throw new Rejection(
          Reason.UNSIGNED,
          "neither Response "
              + response.getID()
              + " nor Assertion "
              + assertion.getID()
              + " is signed");
    }
    return new Verified(assertion, issuer, responseSigned);
  }

  /** The verified assertion, its issuer, and whether the Response signature verified. */
  private record Verified(Assertion assertion, String issuer, boolean responseSigned) {}

  private static Response unmarshalResponse(Element root) throws Rejection {
    if (!SAML2P.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE,
          "expected a SAML 2.0 protocol Response,"
              + " found {"
              + root.getNamespaceURI()
              + "}"
              + root.getLocalName());
    }
    XMLObject object = OpenSaml.unmarshal(root);
    Response response = (Response) object;
    if (response.getVersion() == null
        || response.getVersion().getMajorVersion() != SAMLVersion.VERSION_20.getMajorVersion()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "Response Version is not 2.0");
    }
    if (response.getID() == null) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "Response has no ID");
    }
    return response;
  }

  private static void countAssertions(Response response) throws Rejection {
    int count = response.getAssertions().size() + response.getEncryptedAssertions().size();
    if (count != 1) {
      throw new Rejection(
          count == 0 ? Reason.INCOMPLETE_ASSERTION : Reason.MULTIPLE_ASSERTIONS,
          "Response " + response.getID() + " holds " + count + " assertions; exactly one expected");
    }
  }

  private boolean verifyIfSigned(
      org.opensaml.saml.common.SignableSAMLObject object, IdpDescriptor idp) throws Rejection {
    if (object.getSignature() == null) {
      return false;
    }
    signatures.verify(object, idp.signingKeys());
    return true;
  }

  private static Instant latest(Instant a, @Nullable Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
