package org.spgate.core.saml2;

import java.util.List;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.EncryptedData;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.w3c.dom.Element;

/**
 * Decrypts an encrypted assertion with the SP's private keys, trying every key of a rollover set:
 * the EncryptedAssertion of a SAML 2.0 Response, and in a WS-Federation RSTR either an
 * EncryptedAssertion or a bare {@code xenc:EncryptedData} (AD FS's form for SAML 1.1 tokens).
 *
 * <p>Before decrypting, the DOM must fit {@link EncryptionProfile} (no references, no retrieval,
 * allowed algorithms, CBC only where the caller allows it). Encrypted keys are found only inline or
 * as peers inside the EncryptedAssertion — never through RetrievalMethod — and the key encryption
 * key is only ever one of the configured SP keys. The plaintext is parsed by the parser pool
 * registered with OpenSAML (spgate's hardened {@link org.spgate.core.xml.SecureXml}) into a
 * document of its own.
 *
 * <p>Padding oracle (Jager and Somorovsky, "How to Break XML Encryption", 2011): when no verified
 * signature covers the ciphertext, a sender may have altered it, and any difference between "bad
 * padding", "not XML", "not an assertion" and "signature does not verify" would let it decrypt a
 * captured token byte by byte. So the caller runs decryption and everything up to and including the
 * signature check of the plaintext inside {@link #uniformly}: every failure there becomes the one
 * {@link Reason#DECRYPTION_FAILED} rejection with the one detail text {@link #FAILED}, through one
 * catch block; the cause is logged at DEBUG only. Every key is tried even after one succeeded, so
 * the work done does not depend on which key (if any) fits. Equalising the response time is the
 * HTTP endpoint's part (it answers every such failure at a fixed delay and limits failures per
 * client address).
 *
 * <p>Not checked here: the decrypted assertion's signature, IDs or content — the caller sends it
 * through the same pipeline as a plain assertion.
 */
public final class AssertionDecrypter {

  private static final Logger LOG = LoggerFactory.getLogger(AssertionDecrypter.class);

  /** The one detail text of every decryption failure. */
  public static final String FAILED =
      "the encrypted assertion could not be decrypted with this SP's keys"
          + " and verified with the IdP's keys";

  static final String XENC = EncryptionProfile.XENC;
  static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

  /** A step whose failures must not be told apart. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws Rejection;
  }

  private final List<SpCredential> credentials;
  private final boolean allowCbc;

  /**
   * @param credentials the SP's keys (current and next during a rollover, any order)
   * @param allowCbc whether AES-CBC content encryption is decrypted when no verified signature
   *     covers it ({@code security.allowCbcEncryption})
   */
  public AssertionDecrypter(List<SpCredential> credentials, boolean allowCbc) {
    this.credentials = List.copyOf(credentials);
    this.allowCbc = allowCbc;
  }

  /**
   * Runs {@code step}; any refusal or runtime failure inside it becomes the one {@link
   * Reason#DECRYPTION_FAILED} rejection with the detail {@link #FAILED}.
   */
  public static <T> T uniformly(Step<T> step) throws Rejection {
    try {
      return step.run();
    } catch (Rejection | RuntimeException e) {
      LOG.debug("encrypted assertion refused; the sender is told only: {}", FAILED, e);
      throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
    }
  }

  /** Whether {@code element} is encrypted content this class decrypts. */
  public static boolean isEncrypted(Element element) {
    return (XENC.equals(element.getNamespaceURI())
            && "EncryptedData".equals(element.getLocalName()))
        || (SAML2.equals(element.getNamespaceURI())
            && "EncryptedAssertion".equals(element.getLocalName()));
  }

  /**
   * Refuses {@code encrypted} unless it fits {@link EncryptionProfile}; {@code signatureCovered}
   * says a verified signature (a signed Response) covers the ciphertext. Reads no ciphertext, so it
   * runs outside {@link #uniformly} and its reasons are precise.
   */
  public void checkProfile(Element encrypted, boolean signatureCovered) throws Rejection {
    EncryptionProfile.check(encrypted, signatureCovered || allowCbc);
  }

  /** Decrypts an EncryptedAssertion whose profile was checked; one rejection for every failure. */
  Assertion decryptChecked(EncryptedAssertion encrypted) throws Rejection {
    if (encrypted.getEncryptedData() == null) {
      throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
    }
    Assertion result = null;
    for (SpCredential credential : credentials) {
      try {
        Assertion assertion = decrypter(credential).decrypt(encrypted);
        result = result == null ? assertion : result;
      } catch (DecryptionException | RuntimeException e) {
        debug(credential, e);
      }
    }
    if (result == null) {
      throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
    }
    return result;
  }

  /**
   * Decrypts the encrypted token of a WS-Federation RSTR (EncryptedAssertion or EncryptedData,
   * profile already checked) and returns the plaintext's one element, the root of a document of its
   * own. Call inside {@link #uniformly}.
   */
  public Element decryptToken(Element encrypted) throws Rejection {
    XMLObject object = OpenSaml.unmarshal(encrypted);
    if (object instanceof EncryptedAssertion assertion) {
      Element dom = decryptChecked(assertion).getDOM();
      if (dom == null) {
        throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
      }
      return dom;
    }
    if (!(object instanceof EncryptedData data)) {
      throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
    }
    Element result = null;
    for (SpCredential credential : credentials) {
      try {
        // One element expected (else DecryptionException), rooted in a document of its own.
        Element element = decrypter(credential).decryptData(data, true).getDOM();
        if (element == null) {
          throw new DecryptionException("decrypted token has no DOM");
        }
        result = result == null ? element : result;
      } catch (DecryptionException | RuntimeException e) {
        debug(credential, e);
      }
    }
    if (result == null) {
      throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
    }
    return result;
  }

  private static void debug(SpCredential credential, Exception e) {
    LOG.debug(
        "decryption with key {} failed", credential.certificate().getSubjectX500Principal(), e);
  }

  private static Decrypter decrypter(SpCredential credential) {
    List<EncryptedKeyResolver> resolvers =
        List.of(new InlineEncryptedKeyResolver(), new EncryptedElementTypeEncryptedKeyResolver());
    Decrypter decrypter =
        new Decrypter(
            null,
            new StaticKeyInfoCredentialResolver(credential.toOpenSaml()),
            new ChainingEncryptedKeyResolver(resolvers));
    decrypter.setRootInNewDocument(true);
    return decrypter;
  }
}
