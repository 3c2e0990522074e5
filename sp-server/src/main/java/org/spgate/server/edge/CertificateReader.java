package org.spgate.server.edge;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ClientCertConfig;
import org.spgate.server.http.CertificateIdentity;

/**
 * Reads what a verified client certificate says: its DNs in the configured format, and the {@link
 * CertificateIdentity} (the user per {@code clientCert.user}, the {@code cert.*} attributes).
 *
 * <p>Only called with certificates {@link ClientCertVerifier} accepted; it checks nothing itself.
 */
final class CertificateReader {

  /** PKCS #9 emailAddress, which older CAs put into the subject DN instead of the SAN. */
  private static final String EMAIL_ADDRESS_OID = "1.2.840.113549.1.9.1";

  /** Names emailAddress as a keyword, so that its value reads as text rather than hex DER. */
  private static final Map<String, String> EMAIL_KEYWORD =
      Map.of(EMAIL_ADDRESS_OID, "EMAILADDRESS");

  /** The GeneralName tag of an rfc822Name (RFC 5280, section 4.2.1.6). */
  private static final int RFC822_NAME = 1;

  private final ClientCertConfig config;

  CertificateReader(ClientCertConfig config) {
    this.config = config;
  }

  /** The identity of a verified certificate. */
  CertificateIdentity identity(X509Certificate leaf) {
    X500Principal subject = leaf.getSubjectX500Principal();
    List<Rdn> rdns = rdns(subject.getName(X500Principal.RFC2253, EMAIL_KEYWORD));
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    String cn = mostSpecific(rdns, "CN");
    if (cn != null) {
      attributes.put(CertificateIdentity.CN, List.of(cn));
    }
    List<String> emails = emails(leaf, rdns);
    if (!emails.isEmpty()) {
      attributes.put(CertificateIdentity.EMAIL, emails);
    }
    String dn = dn(subject);
    attributes.put(CertificateIdentity.DN, List.of(dn));
    attributes.put(CertificateIdentity.ISSUER, List.of(dn(leaf.getIssuerX500Principal())));
    attributes.put(CertificateIdentity.SERIAL, List.of(serial(leaf)));
    String user =
        switch (config.user()) {
          case CN -> cn;
          case EMAIL -> emails.isEmpty() ? null : emails.get(0);
          case DN -> fromDn(dn);
        };
    return new CertificateIdentity(user == null || user.isEmpty() ? null : user, attributes);
  }

  /** The serial number as mod_ssl writes it: upper-case hexadecimal. */
  static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }

  /** RFC 4514 ({@code CN=a,O=b,C=c}) or mod_ssl's legacy form ({@code /C=c/O=b/CN=a}). */
  String dn(X500Principal principal) {
    String rfc4514 = principal.getName(X500Principal.RFC2253);
    if (!config.apacheDn()) {
      return rfc4514;
    }
    StringBuilder out = new StringBuilder();
    for (Rdn rdn : rdns(rfc4514)) {
      out.append('/').append(rdn);
    }
    return out.toString();
  }

  private @Nullable String fromDn(String dn) {
    java.util.regex.Pattern pattern = config.dnPattern();
    if (pattern == null) {
      return null;
    }
    Matcher matcher = pattern.matcher(dn);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The RDNs, most significant first ({@code C} before {@code CN}); empty if unparseable. */
  private static List<Rdn> rdns(String rfc4514) {
    try {
      return new LdapName(rfc4514).getRdns();
    } catch (InvalidNameException e) {
      return List.of();
    }
  }

  /** The value of the last (most specific) RDN of {@code type}. */
  private static @Nullable String mostSpecific(List<Rdn> rdns, String type) {
    for (int i = rdns.size() - 1; i >= 0; i--) {
      Rdn rdn = rdns.get(i);
      if (rdn.getType().equalsIgnoreCase(type) && rdn.getValue() instanceof String value) {
        return value;
      }
    }
    return null;
  }

  private static List<String> emails(X509Certificate leaf, List<Rdn> rdns) {
    List<String> emails = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() == 2
              && Integer.valueOf(RFC822_NAME).equals(name.get(0))
              && name.get(1) instanceof String email) {
            emails.add(email);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // An unreadable SAN extension names no e-mail; the DN may still.
    }
    for (Rdn rdn : rdns) {
      if (rdn.getType().equalsIgnoreCase("EMAILADDRESS")
          && rdn.getValue() instanceof String email) {
        emails.add(email);
      }
    }
    return emails;
  }
}
