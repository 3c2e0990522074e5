package org.spgate.core.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable identifiers: 128 bits from {@link SecureRandom}, hex encoded. */
public final class RandomIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private RandomIds() {}

  /** 32 lowercase hex characters (128 bits). */
  public static String hex128() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** An xs:ID-compatible identifier: {@code _} followed by 128 random bits in hex. */
  public static String samlId() {
    return "_" + hex128();
  }
}
