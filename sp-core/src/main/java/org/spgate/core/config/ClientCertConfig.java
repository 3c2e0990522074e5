package org.spgate.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Client certificates, wherever the TLS handshake happened: the CAs and CRLs they are verified
 * against, how a verified certificate names its user on routes with {@code identity: certificate},
 * where a TLS-terminating proxy in front of spgate passes the certificate, and the names of the
 * headers the backend receives.
 *
 * @param ca PEM bundle of the CAs client certificates must chain to ({@code clientCert.ca} or
 *     {@code tls.clientCa}); null: no route may ask for certificates
 * @param crl PEM or DER CRL file(s) of those CAs ({@code clientCert.crl} or {@code tls.clientCrl})
 * @param apacheDn whether DNs go to backends in Apache mod_ssl's {@code /C=../CN=..} form rather
 *     than RFC 4514's {@code CN=..,C=..}
 * @param user which part of a verified certificate is the user
 * @param dnPattern with {@link CertificateUser#DN}: found in the subject DN, its one capture group
 *     is the user; compiled when the configuration is read
 * @param fromProxy the request header a trusted proxy passes the certificate in, or null when
 *     certificates only come from spgate's own TLS handshake
 * @param headers the names of the {@code SSL_CLIENT_*} headers sent to backends
 */
public record ClientCertConfig(
    @Nullable Path ca,
    @Nullable Path crl,
    boolean apacheDn,
    CertificateUser user,
    @Nullable Pattern dnPattern,
    @Nullable FromProxy fromProxy,
    Headers headers) {

  /** Which part of a verified certificate names its user. */
  public enum CertificateUser {
    /** The subject's most specific common name ({@code CN}). */
    CN,
    /** The first rfc822Name of the subject alternative names, else the DN's emailAddress. */
    EMAIL,
    /** The capture group of {@link #dnPattern()} in the subject DN. */
    DN
  }

  /** How a TLS-terminating proxy spells the certificate in a request header. */
  public enum ProxyCertFormat {
    /**
     * URL-escaped PEM: nginx's {@code $ssl_client_escaped_cert}, Traefik's {@code
     * X-Forwarded-Tls-Client-Cert} (whose PEM lacks the BEGIN/END lines).
     */
    ESCAPED_PEM,
    /** Base64 DER without line breaks: HAProxy's {@code %[ssl_c_der,base64]}. */
    BASE64_DER,
    /**
     * PEM whose line breaks were replaced by spaces or tabs (Apache, F5, nginx's old
     * $ssl_client_cert).
     */
    PEM
  }

  /**
   * @param header the request header, read only from peers in {@code proxy.trustedProxies} and
   *     removed from every request in every spelling
   * @param format how the certificate is written in it
   */
  public record FromProxy(String header, ProxyCertFormat format) {}

  /** The header names of mod_ssl's variables; the defaults are mod_ssl's own names. */
  public record Headers(
      String verify,
      String subjectDn,
      String issuerDn,
      String serial,
      String notAfter,
      String cert) {

    /** mod_ssl's names: {@code SSL_CLIENT_VERIFY}, {@code SSL_CLIENT_S_DN} and so on. */
    public static final Headers MOD_SSL =
        new Headers(
            "SSL_CLIENT_VERIFY",
            "SSL_CLIENT_S_DN",
            "SSL_CLIENT_I_DN",
            "SSL_CLIENT_M_SERIAL",
            "SSL_CLIENT_V_END",
            "SSL_CLIENT_CERT");
  }

  /** No client certificates: no CA, mod_ssl's header names, the CN as user. */
  public static final ClientCertConfig NONE =
      new ClientCertConfig(null, null, false, CertificateUser.CN, null, null, Headers.MOD_SSL);

  /** Patterns compare by their text, so that a reload sees an unchanged pattern as unchanged. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ClientCertConfig c
        && Objects.equals(ca, c.ca)
        && Objects.equals(crl, c.crl)
        && apacheDn == c.apacheDn
        && user == c.user
        && Objects.equals(patternText(), c.patternText())
        && Objects.equals(fromProxy, c.fromProxy)
        && headers.equals(c.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ca, crl, apacheDn, user, patternText(), fromProxy, headers);
  }

  private @Nullable String patternText() {
    return dnPattern == null ? null : dnPattern.pattern();
  }
}
