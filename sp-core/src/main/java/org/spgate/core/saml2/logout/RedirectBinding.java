package org.spgate.core.saml2.logout;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.saml2.Base64Message;

/**
 * The HTTP-Redirect binding (SAML bindings 3.4) for logout messages: deflate, base64 and a
 * query-string signature when sending (RSA-SHA256 with an RSA key, ECDSA-SHA256 with an EC key);
 * size-capped inflate and a signature check over the exact received query octets when receiving.
 *
 * <p>ECDSA signature values are the fixed-length concatenation r || s of XML Signature (RFC 4051
 * 3.3.1), not the DER form the JCA's plain {@code SHA256withECDSA} produces: the SigAlg URIs are
 * XML Signature's, and IdPs built on XML Security libraries expect its encoding.
 */
public final class RedirectBinding {

  /** The parameter carrying a request. */
  public static final String REQUEST = "SAMLRequest";

  /** The parameter carrying a response. */
  public static final String RESPONSE = "SAMLResponse";

  private RedirectBinding() {}

  /** The SigAlg of an ECDSA-SHA256 query signature. */
  public static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

  /**
   * The URL at {@code location} carrying {@code xml} in {@code messageParam}, {@code relayState}
   * when not null, and a signature by {@code signer} ({@link #sigAlgFor its key's} SigAlg).
   */
  public static String encode(
      String location,
      String messageParam,
      String xml,
      @Nullable String relayState,
      SpCredential signer) {
    StringBuilder query = new StringBuilder(messageParam).append('=').append(encode(deflate(xml)));
    if (relayState != null) {
      query.append("&RelayState=").append(encode(relayState));
    }
    String sigAlg = sigAlgFor(signer);
    query.append("&SigAlg=").append(encode(sigAlg));
    // The signed octets end at SigAlg (SAML bindings 3.4.4.1).
    String signature = sign(query.toString(), sigAlg, signer);
    query.append("&Signature=").append(encode(signature));
    return location + (location.contains("?") ? "&" : "?") + query;
  }

  /**
   * Verifies the query signature of {@code query} with one of {@code trustedKeys}.
   *
   * @throws Rejection {@link Reason#UNSIGNED} without Signature or SigAlg, {@link
   *     Reason#WEAK_ALGORITHM} for a SigAlg outside the allow-list or other than RSA or ECDSA,
   *     {@link Reason#SIGNATURE_INVALID} when no key verifies the received octets
   */
  public static void verify(
      RedirectQuery query, String messageParam, List<PublicKey> trustedKeys, AlgorithmPolicy policy)
      throws Rejection {
    String signature = query.value("Signature");
    String sigAlg = query.value("SigAlg");
    if (signature == null || sigAlg == null || query.raw(messageParam) == null) {
      throw new Rejection(Reason.UNSIGNED, "redirect-binding " + messageParam + " unsigned");
    }
    String jcaName = jcaName(sigAlg);
    if (jcaName == null || !policy.acceptsSignatureAlgorithm(sigAlg)) {
      throw new Rejection(Reason.WEAK_ALGORITHM, "SigAlg '" + sigAlg + "' not allowed");
    }
    byte[] signatureBytes = Base64Message.decode(signature, 2048);
    byte[] octets = query.signedOctets(messageParam).getBytes(StandardCharsets.US_ASCII);
    for (PublicKey key : trustedKeys) {
      try {
        policy.checkKey(key);
      } catch (Rejection weak) {
        continue;
      }
      try {
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(key);
        verifier.update(octets);
        if (verifier.verify(signatureBytes)) {
          return;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // A key of the wrong type for SigAlg or a malformed signature value: the next key may
        // still verify; if none does the answer is the same rejection.
      }
    }
    throw new Rejection(
        Reason.SIGNATURE_INVALID,
        "redirect-binding signature does not verify with any of the "
            + trustedKeys.size()
            + " metadata key(s) of the issuer");
  }

  /**
   * The XML carried in {@code messageParam}: base64-decoded, then inflated with a cap of {@code
   * maxBytes} on the inflated size (a deflate bomb stops at the cap).
   */
  public static byte[] decodeMessage(RedirectQuery query, String messageParam, int maxBytes)
      throws Rejection {
    String value = query.value(messageParam);
    if (value == null || value.isEmpty()) {
      throw new Rejection(Reason.MISSING_MESSAGE, "no " + messageParam + " parameter");
    }
    byte[] deflated = Base64Message.decode(value, maxBytes);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new Rejection(Reason.BAD_ENCODING, messageParam + " is truncated deflate data");
        }
        if (out.size() + n > maxBytes) {
          throw new Rejection(
              Reason.MESSAGE_TOO_LARGE, messageParam + " inflates beyond " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new Rejection(Reason.BAD_ENCODING, messageParam + " is not deflate data");
    } finally {
      inflater.end();
    }
  }

  /** The SigAlg a query signature by {@code signer} uses: RSA-SHA256, or ECDSA-SHA256 for EC. */
  public static String sigAlgFor(SpCredential signer) {
    return "EC".equals(signer.privateKey().getAlgorithm())
        ? ECDSA_SHA256
        : AlgorithmPolicy.RSA_SHA256;
  }

  private static @Nullable String jcaName(String sigAlg) {
    return switch (sigAlg) {
      case AlgorithmPolicy.RSA_SHA256 -> "SHA256withRSA";
      case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" -> "SHA384withRSA";
      case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" -> "SHA512withRSA";
      case "http://www.w3.org/2000/09/xmldsig#rsa-sha1" -> "SHA1withRSA";
      case ECDSA_SHA256 -> "SHA256withECDSAinP1363Format";
      case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" -> "SHA384withECDSAinP1363Format";
      case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512" -> "SHA512withECDSAinP1363Format";
      default -> null;
    };
  }

  private static String sign(String octets, String sigAlg, SpCredential signer) {
    try {
      Signature signature = Signature.getInstance(Objects.requireNonNull(jcaName(sigAlg)));
      signature.initSign(signer.privateKey());
      signature.update(octets.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the redirect-binding message", e);
    }
  }

  private static String deflate(String xml) {
    Deflater deflater = new Deflater(Deflater.DEFLATED, true);
    try {
      deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return Base64.getEncoder().encodeToString(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
