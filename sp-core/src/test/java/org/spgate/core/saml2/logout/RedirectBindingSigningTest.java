package org.spgate.core.saml2.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spgate.core.testing.RejectionAssert.assertRejected;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Reason;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.AlgorithmPolicy;

/**
 * The query signature of the HTTP-Redirect binding by key type: RSA keys sign with RSA-SHA256, EC
 * keys with ECDSA-SHA256 in XML Signature's r || s form; each verifies with its own public key and
 * not with another key of the same type.
 */
class RedirectBindingSigningTest {

  private static final Instant NOW = Instant.now();
  private static final String XML = "<samlp:LogoutRequest ID=\"_x\"/>";
  private static final AlgorithmPolicy POLICY = new AlgorithmPolicy(false);

  private static SpCredential rsa() {
    return KeyPairs.selfSigned("sp.test.example", 2048, NOW, Duration.ofDays(1));
  }

  private static SpCredential ec() {
    return KeyPairs.selfSignedEcP256("sp.test.example", NOW, Duration.ofDays(1));
  }

  private static RedirectQuery signedBy(SpCredential key) throws Exception {
    String url =
        RedirectBinding.encode(
            "https://idp.example.org/slo?x=1", RedirectBinding.REQUEST, XML, "rs", key);
    assertThat(url).startsWith("https://idp.example.org/slo?x=1&SAMLRequest=");
    return RedirectQuery.parse(url.substring(url.indexOf("SAMLRequest=")));
  }

  private static void verify(RedirectQuery query, SpCredential key) throws Exception {
    RedirectBinding.verify(
        query, RedirectBinding.REQUEST, List.of(key.certificate().getPublicKey()), POLICY);
  }

  @Test
  void encodeWhenRsaKeyThenRsaSha256SignatureThatVerifiesOnlyWithThatKey() throws Exception {
    SpCredential key = rsa();

    RedirectQuery query = signedBy(key);

    assertThat(query.value("SigAlg")).isEqualTo(AlgorithmPolicy.RSA_SHA256);
    verify(query, key);
    assertRejected(() -> verify(query, rsa()), Reason.SIGNATURE_INVALID);
    assertThat(
            new String(
                RedirectBinding.decodeMessage(query, RedirectBinding.REQUEST, 1024),
                StandardCharsets.UTF_8))
        .isEqualTo(XML);
  }

  @Test
  void encodeWhenEcKeyThenEcdsaSha256InXmlSignatureFormThatVerifiesOnlyWithThatKey()
      throws Exception {
    SpCredential key = ec();

    RedirectQuery query = signedBy(key);

    assertThat(query.value("SigAlg")).isEqualTo(RedirectBinding.ECDSA_SHA256);
    assertThat(Base64.getDecoder().decode(query.value("Signature")))
        .as("r || s of P-256, not DER")
        .hasSize(64);
    verify(query, key);
    assertRejected(() -> verify(query, ec()), Reason.SIGNATURE_INVALID);
  }
}
