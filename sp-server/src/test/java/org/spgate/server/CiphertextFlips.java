package org.spgate.server;

import java.util.Base64;

/**
 * Bit flips in the content ciphertext of a minted message: the last {@code CipherValue} in the
 * serialised XML (the EncryptedData's own; an EncryptedKey's comes before it).
 */
final class CiphertextFlips {

  private CiphertextFlips() {}

  /** {@code xml} with {@code mask} XORed into byte {@code position} (negative: from the end). */
  static String flip(String xml, int position, int mask) {
    return flipIn(xml, xml.lastIndexOf("CipherValue>"), position, mask);
  }

  /** As {@link #flip}, in the first CipherValue (the EncryptedKey's, in spgate's minters). */
  static String flipKey(String xml, int position, int mask) {
    int open = xml.indexOf("CipherValue>");
    return flipIn(xml, xml.indexOf("CipherValue>", open + 1), position, mask);
  }

  /** The bytes of the content ciphertext: IV then blocks. */
  static byte[] content(String xml) {
    return decode(xml, xml.lastIndexOf("CipherValue>"));
  }

  /** The bytes of the first (EncryptedKey's) ciphertext. */
  static byte[] key(String xml) {
    int open = xml.indexOf("CipherValue>");
    return decode(xml, xml.indexOf("CipherValue>", open + 1));
  }

  private static byte[] decode(String xml, int closeTagEnd) {
    int close = xml.lastIndexOf("<", closeTagEnd);
    int start = xml.lastIndexOf(">", close) + 1;
    return Base64.getMimeDecoder().decode(xml.substring(start, close).replace("&#13;", ""));
  }

  private static String flipIn(String xml, int closeTagEnd, int position, int mask) {
    int close = xml.lastIndexOf("<", closeTagEnd);
    int start = xml.lastIndexOf(">", close) + 1;
    byte[] cipher =
        Base64.getMimeDecoder().decode(xml.substring(start, close).replace("&#13;", ""));
    int at = position < 0 ? cipher.length + position : position;
    cipher[at] ^= (byte) mask;
    return xml.substring(0, start)
        + Base64.getEncoder().encodeToString(cipher)
        + xml.substring(close);
  }
}
