package org.spgate.core.saml2;

import java.util.List;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
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
import org.w3c.dom.Element;

/**
 * Decrypts the EncryptedAssertion of a SAML 2.0 Response with the SP's private keys, trying each
 * key of a rollover set in turn.
 *
 * <p>Before decrypting, the DOM must fit {@link EncryptionProfile} (no references, no retrieval,
 * allowed algorithms, CBC only inside a verified Response). Encrypted keys are found only inline or
 * as peers inside the EncryptedAssertion — never through RetrievalMethod — and the key encryption
 * key is only ever one of the configured SP keys. The plaintext is parsed by the parser pool
 * registered with OpenSAML (spgate's hardened {@link org.spgate.core.xml.SecureXml}) into a
 * document of its own. Every failure after the profile check is reported with one reason and one
 * detail text, so that a sender learns nothing about padding or key-unwrapping; the cause is logged
 * at DEBUG only.
 *
 * <p>Not checked here: the decrypted assertion's signature, IDs or content — the caller sends it
 * through the same pipeline as a plain assertion.
 */
final class AssertionDecrypter {

  private static final Logger LOG = LoggerFactory.getLogger(AssertionDecrypter.class);
  static final String FAILED = "the encrypted assertion could not be decrypted with this SP's keys";

  private final List<SpCredential> credentials;

  AssertionDecrypter(List<SpCredential> credentials) {
    this.credentials = List.copyOf(credentials);
  }

  /**
   * Validates and decrypts {@code encrypted}; {@code responseSigned} says the Response verified.
   */
  Assertion decrypt(EncryptedAssertion encrypted, boolean responseSigned) throws Rejection {
    Element dom = encrypted.getDOM();
    if (dom == null) {
      throw new Rejection(Reason.ENCRYPTION_PROFILE, "EncryptedAssertion without DOM");
    }
    EncryptionProfile.check(dom, responseSigned);
    if (encrypted.getEncryptedData() == null) {
      throw new Rejection(Reason.ENCRYPTION_PROFILE, "EncryptedAssertion has no EncryptedData");
    }
    for (SpCredential credential : credentials) {
      try {
        return decrypter(credential).decrypt(encrypted);
      } catch (DecryptionException | RuntimeException e) {
        LOG.debug(
            "decryption of an EncryptedAssertion with key {} failed",
            credential.certificate().getSubjectX500Principal(),
            e);
      }
    }
    throw new Rejection(Reason.DECRYPTION_FAILED, FAILED);
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
