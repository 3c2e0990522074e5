package org.spgate.server.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.ClientCertConfig;
import org.spgate.core.time.ClockTicker;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.CertificateIdentity;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.ForwardedClientCert;

/**
 * On routes with {@code clientCert: optional | required}, tells the backend about the client
 * certificate in mod_ssl's variables ({@code SSL_CLIENT_VERIFY}, and for a verified certificate
 * {@code SSL_CLIENT_S_DN}, {@code SSL_CLIENT_I_DN}, {@code SSL_CLIENT_M_SERIAL}, {@code
 * SSL_CLIENT_V_END}, {@code SSL_CLIENT_CERT}; names configurable in {@code clientCert.headers}),
 * attaches a verified certificate's {@link CertificateIdentity} for the access decision, and
 * refuses {@code required} routes without a verified one. Runs after the request cleaner, which
 * removed every client-sent spelling of these names.
 *
 * <p>The certificate comes from spgate's own TLS handshake, or, when {@code clientCert.fromProxy}
 * is set and the peer is a trusted proxy, from the proxy's header ({@link CertificateHeader}); it
 * is verified by {@link ClientCertVerifier} either way: the proxy is trusted to have checked that
 * the client holds the key, not to have checked the chain. An unreadable header is refused with
 * {@link Reason#CLIENT_CERTIFICATE_MALFORMED}; one that does not verify is treated as an unverified
 * handshake certificate.
 *
 * <p>Verdicts are kept per TLS session, and for proxied certificates per header value for a minute
 * (bounded), so that a certificate's expiry takes effect within that minute; a reloaded CRL ({@link
 * ClientCertVerifier#generation()}) sets every kept verdict aside at once.
 */
public final class ClientCertStage implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ClientCertStage.class);
  private static final String SESSION_KEY = "org.spgate.client-certificate";
  private static final DateTimeFormatter APACHE_TIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Proxied verdicts kept: a few per active client is plenty; each holds one certificate. */
  static final int MAX_PROXIED_VERDICTS = 10_000;

  /**
   * What one certificate tells the backend; {@code headers} and {@code identity} null unless
   * verified.
   */
  private record Verdict(
      String verify,
      @Nullable String problem,
      String @Nullable [] headers,
      @Nullable CertificateIdentity identity) {

    static Verdict none(String why) {
      return new Verdict("NONE", why, null, null);
    }
  }

  /** A verdict with the CRL generation it was taken under. */
  private record Kept(Verdict verdict, long generation) {}

  private final @Nullable ClientCertVerifier verifier;
  private final ClientCertConfig config;
  private final CertificateReader reader;
  private final HttpString[] names;
  private final Cache<String, Kept> proxied;
  private final HttpHandler next;

  /**
   * @param verifier null when no client CA is configured; then no route asks for certificates (the
   *     configuration check ensures it)
   */
  public ClientCertStage(
      @Nullable ClientCertVerifier verifier,
      ClientCertConfig config,
      Clock clock,
      HttpHandler next) {
    this.verifier = verifier;
    this.config = config;
    this.reader = new CertificateReader(config);
    ClientCertConfig.Headers h = config.headers();
    this.names =
        new HttpString[] {
          new HttpString(h.verify()),
          new HttpString(h.subjectDn()),
          new HttpString(h.issuerDn()),
          new HttpString(h.serial()),
          new HttpString(h.notAfter()),
          new HttpString(h.cert())
        };
    this.proxied =
        Caffeine.newBuilder()
            .maximumSize(MAX_PROXIED_VERDICTS)
            .expireAfterWrite(Duration.ofMinutes(1))
            .ticker(new ClockTicker(clock))
            .build();
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    AuthMode mode = exchange.getAttachment(Attachments.CLIENT_CERT);
    if (mode == null || mode == AuthMode.NONE) {
      next.handleRequest(exchange);
      return;
    }
    ForwardedClientCert forwarded = exchange.getAttachment(Attachments.FORWARDED_CLIENT_CERT);
    ClientCertConfig.FromProxy fromProxy = config.fromProxy();
    Verdict verdict;
    if (forwarded != null && fromProxy != null) {
      verdict = fromProxy(forwarded.values(), fromProxy);
      if (verdict.verify().equals("MALFORMED")) {
        ErrorPages.send(
            exchange,
            new Rejection(
                Reason.CLIENT_CERTIFICATE_MALFORMED,
                "header "
                    + fromProxy.header()
                    + " from trusted proxy "
                    + exchange.getSourceAddress()
                    + ": "
                    + verdict.problem()),
            "client-certificate");
        return;
      }
    } else {
      verdict = fromHandshake(exchange);
    }
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
    headers.put(names[0], verdict.verify());
    String[] values = verdict.headers();
    if (values != null) {
      for (int i = 0; i < values.length; i++) {
        headers.put(names[i + 1], values[i]);
      }
    }
    if (verdict.identity() != null) {
      exchange.putAttachment(Attachments.CLIENT_CERTIFICATE, verdict.identity());
    }
    next.handleRequest(exchange);
  }

  /** The verdict on the proxy's header, kept per value. */
  private Verdict fromProxy(List<String> values, ClientCertConfig.FromProxy fromProxy) {
    if (values.size() != 1) {
      return new Verdict(
          "MALFORMED", "the header was sent " + values.size() + " times", null, null);
    }
    String value = values.get(0);
    if (value.isBlank()) {
      return Verdict.none("the proxy passed no certificate");
    }
    long generation = generation();
    Kept cached = proxied.getIfPresent(value);
    if (cached != null && cached.generation() == generation) {
      return cached.verdict();
    }
    X509Certificate[] chain;
    try {
      chain = CertificateHeader.parse(value, fromProxy.format());
    } catch (IllegalArgumentException e) {
      return new Verdict("MALFORMED", e.getMessage(), null, null);
    }
    Verdict verdict = verify(chain);
    proxied.put(value, new Kept(verdict, generation));
    return verdict;
  }

  private Verdict fromHandshake(HttpServerExchange exchange) {
    SSLSessionInfo info = exchange.getConnection().getSslSessionInfo();
    if (info == null || verifier == null) {
      return Verdict.none("not a TLS connection");
    }
    SSLSession session = info.getSSLSession();
    long generation = generation();
    Object cached = session == null ? null : session.getValue(SESSION_KEY);
    if (cached instanceof Kept kept && kept.generation() == generation) {
      return kept.verdict();
    }
    Verdict verdict = decide(info);
    if (session != null) {
      session.putValue(SESSION_KEY, new Kept(verdict, generation));
    }
    return verdict;
  }

  /** Read before verifying: a reload during the verification leaves the verdict stale, not new. */
  private long generation() {
    return verifier == null ? 0 : verifier.generation();
  }

  private Verdict decide(SSLSessionInfo info) {
    Certificate[] peer;
    try {
      peer = info.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Verdict.none("no certificate sent");
    } catch (Exception e) {
      return Verdict.none("no certificate available: " + e);
    }
    X509Certificate[] chain = new X509Certificate[peer.length];
    for (int i = 0; i < peer.length; i++) {
      if (!(peer[i] instanceof X509Certificate x509)) {
        return new Verdict("FAILED:not X.509", "not an X.509 certificate", null, null);
      }
      chain[i] = x509;
    }
    return verify(chain);
  }

  private Verdict verify(X509Certificate[] chain) {
    if (verifier == null) {
      return Verdict.none("no client CA configured");
    }
    String problem = verifier.problemWith(chain);
    if (problem != null) {
      return new Verdict("FAILED", problem, null, null);
    }
    X509Certificate leaf = chain[0];
    return new Verdict(
        "SUCCESS",
        null,
        new String[] {
          reader.dn(leaf.getSubjectX500Principal()),
          reader.dn(leaf.getIssuerX500Principal()),
          CertificateReader.serial(leaf),
          APACHE_TIME.format(leaf.getNotAfter().toInstant()),
          onePem(leaf)
        },
        reader.identity(leaf));
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
