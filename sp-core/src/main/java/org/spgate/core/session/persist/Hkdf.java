package org.spgate.core.session.persist;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract, then expand to the length asked for. */
final class Hkdf {

  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  /**
   * {@code length} bytes of keying material from {@code ikm}; an empty {@code salt} stands for
   * HashLen zero bytes (RFC 5869 section 2.2).
   */
  static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF-SHA256 output length " + length);
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, HMAC));
      byte[] okm = new byte[length];
      byte[] block = new byte[0];
      for (int i = 1, done = 0; done < length; i++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) i);
        block = mac.doFinal();
        int n = Math.min(block.length, length - done);
        System.arraycopy(block, 0, okm, done, n);
        done += n;
      }
      return okm;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
