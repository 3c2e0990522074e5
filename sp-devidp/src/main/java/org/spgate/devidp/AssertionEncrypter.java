package org.spgate.devidp;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.EncryptedData;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.OpenSaml;
import org.w3c.dom.Element;

/**
 * Encrypts a (signed) assertion for one SP with OpenSAML's encrypters: a fresh content key, wrapped
 * with the SP certificate's public key and placed inline in the EncryptedData's KeyInfo (with the
 * SP certificate, so the SP can pick its key during rollover). Two shapes: a SAML 2.0
 * EncryptedAssertion, and a bare {@code xenc:EncryptedData} of type Element, which is what AD FS
 * puts into a WS-Trust RequestedSecurityToken for a SAML 1.1 token.
 */
final class AssertionEncrypter {

  private AssertionEncrypter() {}

  static EncryptedAssertion encrypt(Assertion assertion, Encryption encryption) {
    Encrypter encrypter = new Encrypter(data(encryption), kek(encryption));
    encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
    try {
      return encrypter.encrypt(assertion);
    } catch (EncryptionException e) {
      throw new IllegalStateException("cannot encrypt assertion " + assertion.getID(), e);
    }
  }

  /**
   * {@code signedToken} (any element, typically a signed SAML 1.1 Assertion, kept byte for byte) as
   * an {@code xenc:EncryptedData} whose KeyInfo holds the EncryptedKey, in a document of its own.
   */
  static Element encryptData(Element signedToken, Encryption encryption) {
    XMLObject token = unmarshal(signedToken);
    org.opensaml.xmlsec.encryption.support.Encrypter encrypter =
        new org.opensaml.xmlsec.encryption.support.Encrypter();
    try {
      EncryptedData data = encrypter.encryptElement(token, data(encryption), kek(encryption));
      data.setType("http://www.w3.org/2001/04/xmlenc#Element");
      return OpenSaml.marshal(data);
    } catch (EncryptionException e) {
      throw new IllegalStateException("cannot encrypt the token", e);
    }
  }

  /** A SAML 2.0 Assertion element (signed, kept byte for byte) as an EncryptedAssertion. */
  static Element encryptAssertion(Element signedAssertion, Encryption encryption) {
    Assertion assertion = (Assertion) unmarshal(signedAssertion);
    return OpenSaml.marshal(encrypt(assertion, encryption));
  }

  private static XMLObject unmarshal(Element element) {
    try {
      return OpenSaml.unmarshal(element);
    } catch (Rejection e) {
      throw new IllegalStateException("cannot read back the minted token", e);
    }
  }

  private static DataEncryptionParameters data(Encryption encryption) {
    DataEncryptionParameters data = new DataEncryptionParameters();
    data.setAlgorithm(encryption.dataAlgorithm());
    return data;
  }

  private static KeyEncryptionParameters kek(Encryption encryption) {
    KeyEncryptionParameters kek = new KeyEncryptionParameters();
    kek.setEncryptionCredential(new BasicX509Credential(encryption.spCertificate()));
    kek.setAlgorithm(encryption.keyTransportAlgorithm());
    X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
    keyInfo.setEmitEntityCertificate(true);
    kek.setKeyInfoGenerator(keyInfo.newInstance());
    return kek;
  }
}
