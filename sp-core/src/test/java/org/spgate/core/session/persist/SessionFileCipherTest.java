package org.spgate.core.session.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.spgate.core.credential.KeyPairs;

class SessionFileCipherTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final SessionFileCipher CIPHER = cipher();
  private static final byte[] PLAINTEXT =
      "sessions and consumed assertions".getBytes(StandardCharsets.UTF_8);

  private static SessionFileCipher cipher() {
    return SessionFileCipher.fromPrivateKey(
        KeyPairs.selfSignedEcP256("sp", START, Duration.ofDays(1)).privateKey());
  }

  @Test
  void sealedThenOpenedWithTheSameKeyGivesThePlaintextBack() throws Exception {
    byte[] sealed = CIPHER.seal(PLAINTEXT);

    assertThat(CIPHER.open(sealed)).isEqualTo(PLAINTEXT);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
        .startsWith("SPGS\u0001")
        .doesNotContain("consumed");
    assertThat(sealed).hasSize(SessionFileCipher.MIN_LENGTH + PLAINTEXT.length);
  }

  @Test
  void plaintextOfSeveralChunksRoundTripsAndItsLastByteIsCovered() throws Exception {
    byte[] large = new byte[200_001];
    new java.util.Random(7).nextBytes(large);

    byte[] sealed = CIPHER.seal(large);
    byte[] altered = sealed.clone();
    altered[altered.length - 17] ^= 0x01;

    assertThat(CIPHER.open(sealed)).isEqualTo(large);
    assertThatThrownBy(() -> CIPHER.open(altered)).isInstanceOf(SessionFileException.class);
  }

  @Test
  void sealedTwiceThenDifferentNonceAndCiphertext() {
    byte[] a = CIPHER.seal(PLAINTEXT);
    byte[] b = CIPHER.seal(PLAINTEXT);

    assertThat(Arrays.copyOfRange(a, 5, 17)).isNotEqualTo(Arrays.copyOfRange(b, 5, 17));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void everyTruncationRefusedWhileTheWholeFileOpens() throws Exception {
    byte[] sealed = CIPHER.seal(PLAINTEXT);

    for (int length = 0; length < sealed.length; length++) {
      byte[] truncated = Arrays.copyOf(sealed, length);
      assertThatThrownBy(() -> CIPHER.open(truncated))
          .as("truncated to %d of %d bytes", length, sealed.length)
          .isInstanceOf(SessionFileException.class);
    }
    assertThat(CIPHER.open(sealed)).isEqualTo(PLAINTEXT);
  }

  @Test
  void anyFlippedBitRefusedHeaderIncluded() throws Exception {
    byte[] sealed = CIPHER.seal(PLAINTEXT);

    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> CIPHER.open(altered))
          .as("bit 0 of byte %d flipped", i)
          .isInstanceOf(SessionFileException.class);
    }
    assertThat(CIPHER.open(sealed)).isEqualTo(PLAINTEXT);
  }

  @Test
  void anotherSpKeyThenRefusedWithTheReasonNamed() throws Exception {
    byte[] sealed = CIPHER.seal(PLAINTEXT);

    assertThatThrownBy(() -> cipher().open(sealed))
        .isInstanceOf(SessionFileException.class)
        .hasMessageContaining("another SP key");
    assertThat(CIPHER.open(sealed)).as("control: its own key").isEqualTo(PLAINTEXT);
  }

  @Test
  void sameKeyLoadedAgainThenSameDerivedKey() throws Exception {
    var credential = KeyPairs.selfSigned("sp", 2048, START, Duration.ofDays(1));
    byte[] sealed = SessionFileCipher.fromPrivateKey(credential.privateKey()).seal(PLAINTEXT);

    assertThat(SessionFileCipher.fromPrivateKey(credential.privateKey()).open(sealed))
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void otherFilesAndVersionsRefusedWithTheReasonNamed() {
    byte[] sealed = CIPHER.seal(PLAINTEXT);
    byte[] version2 = sealed.clone();
    version2[4] = 2;

    assertThatThrownBy(() -> CIPHER.open("{\"sessions\":[]}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a spgate session file");
    assertThatThrownBy(() -> CIPHER.open(version2)).hasMessageContaining("version 2");
  }
}
