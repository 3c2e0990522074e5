package org.spgate.server.edge;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.spgate.core.config.ClientCertConfig.ProxyCertFormat;

/**
 * Reads the client certificate a TLS-terminating proxy wrote into a request header: nginx's {@code
 * $ssl_client_escaped_cert} and Traefik's {@code X-Forwarded-Tls-Client-Cert} (URL-escaped PEM,
 * Traefik's without the BEGIN/END lines and several certificates separated by {@code ,}), HAProxy's
 * {@code %[ssl_c_der,base64]} (base64 DER) and PEM on one line (line breaks as spaces or tabs).
 *
 * <p>Strict on purpose: a value that is not exactly one of these spellings is refused rather than
 * guessed at, since spgate only verifies what it reads. It does not verify anything itself: {@link
 * ClientCertVerifier} does, as for a certificate of spgate's own handshake.
 */
final class CertificateHeader {

  /** More certificates than a client chain has in practice; a longer list is refused. */
  static final int MAX_CERTIFICATES = 8;

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private CertificateHeader() {}

  /**
   * The certificates in {@code value}, leaf first.
   *
   * @throws IllegalArgumentException naming what is wrong (for the log, never the client)
   */
  static X509Certificate[] parse(String value, ProxyCertFormat format) {
    List<byte[]> ders = new ArrayList<>();
    switch (format) {
      case BASE64_DER -> ders.add(base64(value.trim()));
      case PEM -> ders.addAll(pemBlocks(value));
      case ESCAPED_PEM -> {
        String pem = percentDecoded(value.trim());
        if (pem.contains(BEGIN)) {
          ders.addAll(pemBlocks(pem));
        } else {
          // Traefik: the base64 of each certificate without the PEM lines, joined by ','.
          for (String one : pem.split(",", -1)) {
            ders.add(base64(withoutWhitespace(one)));
          }
        }
      }
    }
    if (ders.size() > MAX_CERTIFICATES) {
      throw new IllegalArgumentException(
          ders.size() + " certificates, more than " + MAX_CERTIFICATES);
    }
    X509Certificate[] chain = new X509Certificate[ders.size()];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = certificate(ders.get(i));
    }
    return chain;
  }

  /** Each {@code BEGIN ... END} block's DER; only whitespace may surround and separate them. */
  private static List<byte[]> pemBlocks(String text) {
    List<byte[]> ders = new ArrayList<>();
    String rest = text.strip();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
    while (!rest.isEmpty()) {
      if (!rest.startsWith(BEGIN)) {
        throw new IllegalArgumentException("expected " + BEGIN);
      }
      int end = rest.indexOf(END);
      if (end < 0) {
        throw new IllegalArgumentException("no " + END);
      }
      ders.add(base64(withoutWhitespace(rest.substring(BEGIN.length(), end))));
      rest = rest.substring(end + END.length()).strip();
    }
    return ders;
  }

  private static String withoutWhitespace(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] base64(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
    }
  }

  /**
   * Percent-decoding of ASCII, with {@code +} read as a space: nginx ({@code
   * NGX_ESCAPE_URI_COMPONENT}) and Traefik (Go's {@code url.QueryEscape}) both write a base64
   * {@code +} as {@code %2B}, and Traefik a space as {@code +}. A {@code %} without two hex digits,
   * or a decoded byte outside printable ASCII and whitespace, is refused.
   */
  static String percentDecoded(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        c = ' ';
      } else if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("a % without two hex digits at index " + i);
        }
        c = (char) (high * 16 + low);
        i += 2;
      }
      if (c > 0x7e || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        throw new IllegalArgumentException("a control or non-ASCII character at index " + i);
      }
      out.append(c);
    }
    return out.toString();
  }

  private static X509Certificate certificate(byte[] der) {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(der);
      X509Certificate certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException(in.available() + " bytes after the certificate");
      }
      return certificate;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
    }
  }
}
