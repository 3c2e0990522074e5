package org.spgate.server.http;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a verified client certificate says about its holder, attached to the request by the
 * client-certificate stage and read by the access decision and the identity headers: the user
 * ({@code clientCert.user}) and the attributes access rules may require.
 *
 * @param user the user the certificate names, or null when it names none (no CN, no e-mail, or
 *     {@code dnPattern} not found)
 * @param attributes {@link #CN}, {@link #EMAIL}, {@link #DN}, {@link #ISSUER}, {@link #SERIAL}
 */
public record CertificateIdentity(@Nullable String user, Map<String, List<String>> attributes) {

  /** The prefix of every certificate attribute; session attributes of that name are not used. */
  public static final String PREFIX = "cert.";

  /** The subject's most specific common name. */
  public static final String CN = "cert.cn";

  /** Every rfc822Name of the subject alternative names, then the DN's emailAddress values. */
  public static final String EMAIL = "cert.email";

  /** The subject DN, in the configured DN format. */
  public static final String DN = "cert.dn";

  /** The issuer DN, in the configured DN format. */
  public static final String ISSUER = "cert.issuer";

  /** The serial number in upper-case hexadecimal, as {@code SSL_CLIENT_M_SERIAL}. */
  public static final String SERIAL = "cert.serial";

  public CertificateIdentity {
    attributes = Map.copyOf(attributes);
  }

  /** The values of a certificate attribute; empty for any other id. */
  public List<String> values(String attributeId) {
    return attributes.getOrDefault(attributeId, List.of());
  }
}
