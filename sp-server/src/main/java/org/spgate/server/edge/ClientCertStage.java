package org.spgate.server.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.config.AuthMode;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;

/**
 * On routes with {@code clientCert: optional | required}, tells the backend about the TLS client
 * certificate in mod_ssl's variables ({@code SSL_CLIENT_VERIFY}, and for a verified certificate
 * {@code SSL_CLIENT_S_DN}, {@code SSL_CLIENT_I_DN}, {@code SSL_CLIENT_M_SERIAL}, {@code
 * SSL_CLIENT_V_END}, {@code SSL_CLIENT_CERT}); refuses {@code required} routes without a verified
 * one. Runs after the request cleaner, which removed every client-sent spelling of these names.
 *
 * <p>The verdict is taken once per TLS session and kept in it.
 */
public final class ClientCertStage implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ClientCertStage.class);
  private static final String SESSION_KEY = "org.spgate.client-certificate";
  private static final DateTimeFormatter APACHE_TIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  static final HttpString VERIFY = new HttpString("SSL_CLIENT_VERIFY");
  static final HttpString SUBJECT = new HttpString("SSL_CLIENT_S_DN");
  static final HttpString ISSUER = new HttpString("SSL_CLIENT_I_DN");
  static final HttpString SERIAL = new HttpString("SSL_CLIENT_M_SERIAL");
  static final HttpString NOT_AFTER = new HttpString("SSL_CLIENT_V_END");
  static final HttpString CERT = new HttpString("SSL_CLIENT_CERT");

  /** What one TLS session's certificate tells the backend; {@code headers} null unless verified. */
  private record Verdict(String verify, @Nullable String problem, String @Nullable [] headers) {}

  private final @Nullable ClientCertVerifier verifier;
  private final boolean apacheDn;
  private final HttpHandler next;

  /**
   * @param verifier null when no {@code tls.clientCa} is configured; then no route asks for
   *     certificates (the configuration check ensures it)
   */
  public ClientCertStage(
      @Nullable ClientCertVerifier verifier, boolean apacheDn, HttpHandler next) {
    this.verifier = verifier;
    this.apacheDn = apacheDn;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    AuthMode mode = exchange.getAttachment(Attachments.CLIENT_CERT);
    if (mode == null || mode == AuthMode.NONE) {
      next.handleRequest(exchange);
      return;
    }
    Verdict verdict = verdict(exchange);
    if (mode == AuthMode.REQUIRED && verdict.headers() == null) {
      String id = CorrelationHandler.idOf(exchange);
      LOG.info(
          "[{}] {}: client certificate {} on a clientCert: required route{}",
          id,
          Reason.CLIENT_CERTIFICATE_REQUIRED.code(),
          verdict.verify(),
          verdict.problem() == null ? "" : " (" + verdict.problem() + ")");
      ErrorPages.render(exchange, Reason.CLIENT_CERTIFICATE_REQUIRED, id);
      return;
    }
    HeaderMap headers = exchange.getRequestHeaders();
    headers.put(VERIFY, verdict.verify());
    String[] values = verdict.headers();
    if (values != null) {
      headers.put(SUBJECT, values[0]);
      headers.put(ISSUER, values[1]);
      headers.put(SERIAL, values[2]);
      headers.put(NOT_AFTER, values[3]);
      headers.put(CERT, values[4]);
    }
    next.handleRequest(exchange);
  }

  private Verdict verdict(HttpServerExchange exchange) {
    SSLSessionInfo info = exchange.getConnection().getSslSessionInfo();
    if (info == null || verifier == null) {
      return new Verdict("NONE", "not a TLS connection", null);
    }
    SSLSession session = info.getSSLSession();
    Object cached = session == null ? null : session.getValue(SESSION_KEY);
    if (cached instanceof Verdict verdict) {
      return verdict;
    }
    Verdict verdict = decide(info, verifier);
    if (session != null) {
      session.putValue(SESSION_KEY, verdict);
    }
    return verdict;
  }

  private Verdict decide(SSLSessionInfo info, ClientCertVerifier verifier) {
    Certificate[] peer;
    try {
      peer = info.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return new Verdict("NONE", "no certificate sent", null);
    } catch (Exception e) {
      return new Verdict("NONE", "no certificate available: " + e, null);
    }
    X509Certificate[] chain = new X509Certificate[peer.length];
    for (int i = 0; i < peer.length; i++) {
      if (!(peer[i] instanceof X509Certificate x509)) {
        return new Verdict("FAILED:not X.509", "not an X.509 certificate", null);
      }
      chain[i] = x509;
    }
    String problem = verifier.problemWith(chain);
    if (problem != null) {
      return new Verdict("FAILED", problem, null);
    }
    X509Certificate leaf = chain[0];
    return new Verdict(
        "SUCCESS",
        null,
        new String[] {
          dn(leaf.getSubjectX500Principal()),
          dn(leaf.getIssuerX500Principal()),
          leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
          APACHE_TIME.format(leaf.getNotAfter().toInstant()),
          onePem(leaf)
        });
  }

  /** RFC 4514 ({@code CN=a,O=b,C=c}) or mod_ssl's legacy form ({@code /C=c/O=b/CN=a}). */
  String dn(X500Principal principal) {
    String rfc4514 = principal.getName(X500Principal.RFC2253);
    if (!apacheDn) {
      return rfc4514;
    }
    try {
      StringBuilder out = new StringBuilder();
      for (Rdn rdn : new LdapName(rfc4514).getRdns()) {
        out.append('/').append(rdn);
      }
      return out.toString();
    } catch (InvalidNameException e) {
      return rfc4514;
    }
  }

  /**
   * The PEM on one line (header values cannot hold line breaks), as Apache's RequestHeader sends.
   */
  private static String onePem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE----- "
          + Base64.getEncoder().encodeToString(certificate.getEncoded())
          + " -----END CERTIFICATE-----";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "client-certificate -> " + next;
  }
}
