package org.spgate.devidp;

import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;

/**
 * Encrypts an assertion for one SP with OpenSAML's {@link Encrypter}: a fresh content key, wrapped
 * with the SP certificate's public key and placed inline in the EncryptedData's KeyInfo (with the
 * SP certificate, so the SP can pick its key during rollover).
 */
final class AssertionEncrypter {

  private AssertionEncrypter() {}

  static EncryptedAssertion encrypt(Assertion assertion, Encryption encryption) {
    DataEncryptionParameters data = new DataEncryptionParameters();
    data.setAlgorithm(encryption.dataAlgorithm());
    KeyEncryptionParameters kek = new KeyEncryptionParameters();
    kek.setEncryptionCredential(new BasicX509Credential(encryption.spCertificate()));
    kek.setAlgorithm(encryption.keyTransportAlgorithm());
    X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
    keyInfo.setEmitEntityCertificate(true);
    kek.setKeyInfoGenerator(keyInfo.newInstance());
    Encrypter encrypter = new Encrypter(data, kek);
    encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
    try {
      return encrypter.encrypt(assertion);
    } catch (EncryptionException e) {
      throw new IllegalStateException("cannot encrypt assertion " + assertion.getID(), e);
    }
  }
}
