package org.spgate.core.session.persist;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the session file: {@code "SPGS"}, a version byte, a random 96-bit nonce, then the
 * AES-256-GCM ciphertext and its 128-bit tag. The header (magic and version) is the associated
 * data, so it cannot be changed either. The key is HKDF-SHA256 of the SP's private key (its PKCS#8
 * encoding) with a fixed info string: whoever holds the SP key can read the file, nobody else; a
 * new SP key cannot open a file of the old one.
 */
public final class SessionFileCipher {

  static final byte[] MAGIC = {'S', 'P', 'G', 'S'};
  static final int VERSION = 1;
  static final int HEADER_LENGTH = MAGIC.length + 1;
  static final int NONCE_LENGTH = 12;
  static final int TAG_BITS = 128;
  private static final int CHUNK = 64 * 1024;

  /** The smallest sealed file: header, nonce and the tag of an empty plaintext. */
  static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8;

  private static final byte[] INFO =
      "spgate sessions.persist v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SessionFileCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The cipher whose key is derived from {@code spKey} (the first configured SP credential). */
  public static SessionFileCipher fromPrivateKey(PrivateKey spKey) {
    byte[] pkcs8 = spKey.getEncoded();
    if (pkcs8 == null) {
      throw new IllegalArgumentException(
          "the SP key (" + spKey.getAlgorithm() + ") has no PKCS#8 encoding to derive from");
    }
    try {
      return new SessionFileCipher(Hkdf.sha256(pkcs8, new byte[0], INFO, 32));
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** The sealed file of {@code plaintext}, under a fresh nonce. */
  public byte[] seal(byte[] plaintext) {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] header = header();
      gcm.updateAAD(header);
      byte[] sealed = new byte[HEADER_LENGTH + NONCE_LENGTH + gcm.getOutputSize(plaintext.length)];
      System.arraycopy(header, 0, sealed, 0, HEADER_LENGTH);
      System.arraycopy(nonce, 0, sealed, HEADER_LENGTH, NONCE_LENGTH);
      int out = HEADER_LENGTH + NONCE_LENGTH;
      // In chunks: the JDK's AES-GCM intrinsics only serve calls from compiled code, and one call
      // with the whole file stays interpreted (JDK 17, 114 MB: 1.2 s in one call, 0.12 s in 64 KiB
      // chunks once a few periodic writes have warmed the path).
      for (int in = 0; in < plaintext.length; in += CHUNK) {
        out += gcm.update(plaintext, in, Math.min(CHUNK, plaintext.length - in), sealed, out);
      }
      gcm.doFinal(sealed, out);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The plaintext of a sealed file.
   *
   * @throws SessionFileException if it is not a session file of this version, is truncated, was
   *     altered, or was sealed under another key
   */
  public byte[] open(byte[] file) throws SessionFileException {
    if (file.length < HEADER_LENGTH
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new SessionFileException("not a spgate session file (no SPGS header)");
    }
    int version = file[MAGIC.length] & 0xff;
    if (version != VERSION) {
      throw new SessionFileException(
          "session file version " + version + " is not the supported version " + VERSION);
    }
    if (file.length < MIN_LENGTH) {
      throw new SessionFileException("truncated: " + file.length + " bytes");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, file, HEADER_LENGTH, NONCE_LENGTH));
      gcm.updateAAD(file, 0, HEADER_LENGTH);
      int offset = HEADER_LENGTH + NONCE_LENGTH;
      return gcm.doFinal(file, offset, file.length - offset);
    } catch (AEADBadTagException e) {
      throw new SessionFileException(
          "authentication failed: the file was altered or truncated, or sealed with another SP key"
              + " (credentials[0] changed since it was written)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static byte[] header() {
    byte[] header = Arrays.copyOf(MAGIC, HEADER_LENGTH);
    header[MAGIC.length] = (byte) VERSION;
    return header;
  }
}
