package org.spgate.core.saml2;

import java.util.Set;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Validates the DOM of an {@code EncryptedAssertion}, or of a bare {@code xenc:EncryptedData} (the
 * form AD FS puts into a WS-Trust RequestedSecurityToken), before anything is decrypted (OpenSAML
 * 4.0.1 predates OSJ-367 and the December 2022 advisory, so its decrypter follows references and
 * runs transforms). Allowed: one EncryptedData, at most {@link #MAX_ENCRYPTED_KEYS} EncryptedKeys,
 * each cipher given inline as CipherValue; key transport RSA-OAEP only (rsa-1_5 invites
 * Bleichenbacher); content AES-GCM, or AES-CBC only when the caller allows it: inside a verified
 * Response signature, or with {@code security.allowCbcEncryption} (an unauthenticated CBC
 * ciphertext is a padding oracle, Jager and Somorovsky 2011; the caller then reports every later
 * failure uniformly, see {@link AssertionDecrypter#uniformly}). Refused anywhere in the subtree:
 * CipherReference, RetrievalMethod, KeyInfoReference, Transforms.
 *
 * <p>The checks here read only the structure and the algorithm names, never the ciphertext, so
 * their precise reasons tell a sender nothing it did not write itself.
 *
 * <p>Not checked here: whether the keys decrypt, and anything about the plaintext.
 */
final class EncryptionProfile {

  static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
  static final String XENC11 = "http://www.w3.org/2009/xmlenc11#";
  static final int MAX_ENCRYPTED_KEYS = 4;

  private static final Set<String> KEY_TRANSPORT =
      Set.of(XENC + "rsa-oaep-mgf1p", XENC11 + "rsa-oaep");
  private static final Set<String> AUTHENTICATED_CONTENT =
      Set.of(XENC11 + "aes128-gcm", XENC11 + "aes192-gcm", XENC11 + "aes256-gcm");
  private static final Set<String> CBC_CONTENT =
      Set.of(XENC + "aes128-cbc", XENC + "aes192-cbc", XENC + "aes256-cbc");
  private static final Set<String> FORBIDDEN =
      Set.of("CipherReference", "RetrievalMethod", "KeyInfoReference", "Transforms", "Transform");

  private EncryptionProfile() {}

  /**
   * Refuses {@code encrypted} (an EncryptedAssertion or a bare EncryptedData) unless it fits the
   * profile; {@code cbcAllowed} says whether AES-CBC content encryption may be decrypted.
   */
  static void check(Element encrypted, boolean cbcAllowed) throws Rejection {
    int[] keys = {0};
    if (is(encrypted, "EncryptedData")) {
      checkContentAlgorithm(algorithm(encrypted), cbcAllowed);
      String type = encrypted.getAttributeNS(null, "Type");
      if (!type.isEmpty() && !(XENC + "Element").equals(type)) {
        throw new Rejection(
            Reason.ENCRYPTION_PROFILE,
            "EncryptedData Type '" + type + "' is not " + XENC + "Element");
      }
    } else {
      int data = 0;
      for (Node n = encrypted.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && is(e, "EncryptedData")) {
          data++;
          checkContentAlgorithm(algorithm(e), cbcAllowed);
        }
      }
      if (data != 1) {
        throw new Rejection(
            Reason.ENCRYPTION_PROFILE,
            "EncryptedAssertion holds " + data + " EncryptedData; exactly one expected");
      }
    }
    walk(encrypted, keys);
    if (keys[0] == 0 || keys[0] > MAX_ENCRYPTED_KEYS) {
      throw new Rejection(
          Reason.ENCRYPTION_PROFILE,
          encrypted.getLocalName()
              + " holds "
              + keys[0]
              + " EncryptedKeys; between 1 and "
              + MAX_ENCRYPTED_KEYS
              + " expected");
    }
  }

  private static void walk(Element element, int[] keys) throws Rejection {
    if (FORBIDDEN.contains(element.getLocalName())) {
      throw new Rejection(
          Reason.ENCRYPTION_PROFILE,
          element.getLocalName() + " is not allowed in encrypted content");
    }
    if (is(element, "EncryptedKey")) {
      keys[0]++;
      String transport = algorithm(element);
      if (!KEY_TRANSPORT.contains(transport)) {
        throw new Rejection(Reason.WEAK_ALGORITHM, "key transport not allowed: " + transport);
      }
    }
    if (is(element, "CipherData")) {
      checkCipherData(element);
    }
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        walk(child, keys);
      }
    }
  }

  private static void checkContentAlgorithm(String algorithm, boolean cbcAllowed) throws Rejection {
    if (AUTHENTICATED_CONTENT.contains(algorithm)) {
      return;
    }
    if (!CBC_CONTENT.contains(algorithm)) {
      throw new Rejection(Reason.WEAK_ALGORITHM, "content encryption not allowed: " + algorithm);
    }
    if (!cbcAllowed) {
      throw new Rejection(
          Reason.WEAK_ALGORITHM,
          "content encryption "
              + algorithm
              + " is unauthenticated; accepted only inside a signed Response, or everywhere with"
              + " security.allowCbcEncryption: true");
    }
  }

  private static void checkCipherData(Element cipherData) throws Rejection {
    int values = 0;
    for (Node n = cipherData.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        if (!is(e, "CipherValue")) {
          throw new Rejection(
              Reason.ENCRYPTION_PROFILE,
              "CipherData may hold only a CipherValue, found " + e.getLocalName());
        }
        values++;
      }
    }
    if (values != 1) {
      throw new Rejection(Reason.ENCRYPTION_PROFILE, "CipherData without exactly one CipherValue");
    }
  }

  private static String algorithm(Element encrypted) {
    for (Node n = encrypted.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && is(e, "EncryptionMethod")) {
        return e.getAttribute("Algorithm");
      }
    }
    return "";
  }

  private static boolean is(Element element, String localName) {
    return XENC.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }
}
