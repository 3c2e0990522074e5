package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.Encryption;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.server.endpoint.DecryptionFailureGuard;
import org.spgate.server.testing.TestSpGate;

/**
 * The XML Encryption padding-oracle defence seen from the attacker's side (Jager and Somorovsky,
 * "How to Break XML Encryption", CCS 2011): AD FS-style AES-256-CBC tokens with bit-flipped
 * ciphertexts, posted to a running spgate with {@code security.allowCbcEncryption: true}. The test
 * decrypts each altered ciphertext itself with the SP's key to know which failure it causes inside
 * spgate (the encrypted key does not unwrap, the padding is wrong, the plaintext is not XML) and
 * adds tokens that decrypt to well-formed XML whose signature fails (the costliest failure). All of
 * them must be indistinguishable to the sender: the same status, the same page apart from the
 * correlation id and time, and the same response time — each class's lower quartile within a bound,
 * none answered before the fixed time. A refusal decided before decryption (malformed XML) is
 * answered at once, showing that the timing here would see a difference if there were one.
 */
class DecryptionOracleHttpTest {

  /**
   * The lower quartiles of the failure classes' response times may differ by this much. The lower
   * quartile is the statistic a timing attacker uses (noise only ever adds time, so low percentiles
   * show the work done); on a loaded 2-core machine it stays within a few milliseconds across
   * classes, while medians and tails wander with the load.
   */
  static final long QUARTILE_BOUND_MS = 40;

  enum Kind {
    KEY_UNWRAP,
    BAD_PADDING,
    NOT_XML,
    BAD_SIGNATURE
  }

  record Answer(int status, String page, long millis) {}

  static final SpCredential ATTACKER = TestIdp.TestKeys.generate("attacker.test");

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "security:\n"
                + "  allowUnsolicited: true\n"
                + "  allowCbcEncryption: true\n"
                + "  decryptionFailuresPerMinute: 10000\n",
            ", protocol: wsfed");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  static WsFedTokenSpec token() {
    WsFedTokenSpec spec = sp.idp.wsFed().spec(sp.entityId());
    spec.claim(WsFedTokenSpec.CLAIMS, "upn", "alice@corp.example");
    spec.encryptFor = Encryption.adfs(sp.runtime.credentials.get(0).certificate());
    return spec;
  }

  static String mint(WsFedTokenSpec spec) {
    return sp.idp.wsFed().mintXml(spec);
  }

  static Answer post(String wresult) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("wa", "wsignin1.0");
    form.put("wresult", wresult);
    long start = System.nanoTime();
    HttpResponse<String> response = sp.postForm("/Shibboleth.sso/ADFS", form);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String page =
        response.body().replaceAll("<code>[^<]*</code> &middot; [^<]*", "<code>ID</code> TIME");
    return new Answer(response.statusCode(), page, millis);
  }

  @Test
  void adfsWhenCiphertextIsBitFlippedThenEveryFailureKindLooksAndTimesTheSame() throws Exception {
    // The control: the untouched token signs in.
    assertThat(post(mint(token())).status()).isEqualTo(303);

    Map<Kind, List<Answer>> answers = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      answers.put(kind, new ArrayList<>());
    }
    List<Long> fastRefusals = new ArrayList<>();
    int[] masks = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
    // Interleaved, so load changes on the machine hit every kind alike.
    for (int round = 0; round < 12; round++) {
      String keyFlipped = CiphertextFlips.flipKey(mint(token()), 3 + 17 * round, masks[round % 8]);
      record(answers, keyFlipped);
      String paddingFlipped = CiphertextFlips.flip(mint(token()), -17, masks[4 + round % 4]);
      record(answers, paddingFlipped);
      String blockFlipped = CiphertextFlips.flip(mint(token()), 16 + 48 * round, masks[round % 8]);
      record(answers, blockFlipped);
      WsFedTokenSpec forged = token();
      forged.signingKey = ATTACKER;
      record(answers, mint(forged));
      long start = System.nanoTime();
      assertThat(post("<t:RequestSecurityTokenResponse").status()).isEqualTo(400);
      fastRefusals.add((System.nanoTime() - start) / 1_000_000);
    }

    Set<String> pages = new HashSet<>();
    List<Long> quartiles = new ArrayList<>();
    for (Map.Entry<Kind, List<Answer>> entry : answers.entrySet()) {
      List<Answer> list = entry.getValue();
      assertThat(list).as("samples of " + entry.getKey()).hasSizeGreaterThanOrEqualTo(6);
      for (Answer answer : list) {
        assertThat(answer.status()).as(entry.getKey().toString()).isEqualTo(403);
        assertThat(answer.millis())
            .as(entry.getKey() + " answered before the fixed time")
            .isGreaterThanOrEqualTo(DecryptionFailureGuard.RESPONSE_AT.toMillis());
        pages.add(answer.page());
      }
      quartiles.add(lowerQuartile(list.stream().map(Answer::millis).toList()));
    }
    assertThat(pages).hasSize(1);
    assertThat(pages.iterator().next()).contains("SPG-31").doesNotContain("SPG-13");
    assertThat(maxMinusMin(quartiles))
        .as("lower quartiles per kind " + quartiles)
        .isLessThan(QUARTILE_BOUND_MS);
    assertThat(lowerQuartile(fastRefusals))
        .as("a refusal before decryption is answered at once")
        .isLessThan(DecryptionFailureGuard.RESPONSE_AT.toMillis() - QUARTILE_BOUND_MS);
  }

  /** Posts {@code wresult} and files the answer under the failure it causes inside spgate. */
  static void record(Map<Kind, List<Answer>> answers, String wresult) throws Exception {
    answers.get(kindOf(wresult)).add(post(wresult));
  }

  /** What goes wrong when the SP decrypts {@code wresult}: decided with the SP's own key. */
  static Kind kindOf(String wresult) throws Exception {
    PrivateKey key = sp.runtime.credentials.get(0).privateKey();
    byte[] contentKey;
    try {
      Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
      oaep.init(Cipher.DECRYPT_MODE, key);
      contentKey = oaep.doFinal(CiphertextFlips.key(wresult));
    } catch (java.security.GeneralSecurityException e) {
      return Kind.KEY_UNWRAP;
    }
    byte[] content = CiphertextFlips.content(wresult);
    Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
    cbc.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(contentKey, "AES"),
        new IvParameterSpec(content, 0, 16));
    byte[] padded = cbc.doFinal(content, 16, content.length - 16);
    int pad = padded[padded.length - 1] & 0xff;
    if (pad < 1 || pad > 16) {
      return Kind.BAD_PADDING;
    }
    byte[] plain = Arrays.copyOf(padded, padded.length - pad);
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no stderr output
      builder.parse(new ByteArrayInputStream(plain));
      return Kind.BAD_SIGNATURE;
    } catch (Exception e) {
      return Kind.NOT_XML;
    }
  }

  static long lowerQuartile(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 4);
  }

  static long maxMinusMin(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElseThrow()
        - values.stream().mapToLong(Long::longValue).min().orElseThrow();
  }
}
