package org.spgate.server.edge;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.SpConfig;
import org.spgate.core.config.TlsConfig;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;
import org.xnio.XnioWorker;

/**
 * Adds spgate's listeners to an Undertow builder: plain HTTP on {@code listen}, or with a {@code
 * tls} section HTTPS there (TLS 1.2 and 1.3, forward-secret AEAD suites only, HTTP/2 by ALPN) plus
 * an optional plain listener that only redirects. The main listener is always added first, so it is
 * the server's first listener info.
 */
public final class Listeners {

  /** TLS 1.3 suites, then TLS 1.2 ECDHE with AES-GCM or ChaCha20 (Mozilla "intermediate"). */
  static final List<String> MODERN_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** How often the client CRL is checked for changes when spgate has no {@code tls} section. */
  public static final Duration CRL_RELOAD_INTERVAL = Duration.ofMinutes(1);

  private Listeners() {}

  /**
   * Adds the listeners for {@code config} to {@code builder}.
   *
   * @param keys the TLS key material read at start; null exactly when {@code config.tls()} is
   * @param clientCerts the client certificate verifier; when present, every handshake asks for a
   *     certificate (never renegotiation), which browsers may skip
   * @param handler the complete handler chain
   * @param worker the server's worker, which also runs the certificate and CRL reload checks (every
   *     {@code tls.reloadInterval}; without a {@code tls} section the CRL every {@link
   *     #CRL_RELOAD_INTERVAL})
   */
  public static void add(
      Undertow.Builder builder,
      SpConfig config,
      @Nullable ServerKeys keys,
      @Nullable ClientCertVerifier clientCerts,
      HttpHandler handler,
      XnioWorker worker) {
    InetSocketAddress listen = config.listen();
    TlsConfig tls = config.tls();
    if (tls == null || keys == null) {
      builder.addHttpListener(listen.getPort(), listen.getAddress().getHostAddress());
      if (clientCerts != null) {
        scheduleReload(worker, clientCerts::reloadCrlIfChanged, CRL_RELOAD_INTERVAL);
      }
      return;
    }
    ReloadingKeyManager keyManager = new ReloadingKeyManager(tls.cert(), tls.key(), keys);
    SSLContext context =
        sslContext(keyManager, clientCerts == null ? null : new DeferredClientTrust(clientCerts));
    HttpHandler root =
        tls.hstsMaxAge().isZero()
            ? handler
            : new HstsHandler(tls.hstsMaxAge(), tls.hstsIncludeSubDomains(), handler);
    builder
        .setServerOption(UndertowOptions.ENABLE_HTTP2, tls.http2())
        .addListener(
            new Undertow.ListenerBuilder()
                .setType(Undertow.ListenerType.HTTPS)
                .setPort(listen.getPort())
                .setHost(listen.getAddress().getHostAddress())
                .setSslContext(context)
                .setRootHandler(root)
                .setOverrideSocketOptions(tlsOptions(context, clientCerts != null)));
    InetSocketAddress redirect = tls.redirectHttpFrom();
    if (redirect != null) {
      builder.addListener(
          new Undertow.ListenerBuilder()
              .setType(Undertow.ListenerType.HTTP)
              .setPort(redirect.getPort())
              .setHost(redirect.getAddress().getHostAddress())
              .setRootHandler(new HttpsRedirectHandler(config.origin())));
    }
    Runnable reload =
        clientCerts == null
            ? keyManager::reloadIfChanged
            : () -> {
              keyManager.reloadIfChanged();
              clientCerts.reloadCrlIfChanged();
            };
    scheduleReload(worker, reload, tls.reloadInterval());
  }

  private static SSLContext sslContext(KeyManager keyManager, @Nullable TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {keyManager}, trust == null ? null : new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot create a TLS context", e);
    }
  }

  private static OptionMap tlsOptions(SSLContext context, boolean requestClientCertificates) {
    Set<String> supported =
        new HashSet<>(Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
    String[] suites = MODERN_SUITES.stream().filter(supported::contains).toArray(String[]::new);
    return OptionMap.builder()
        .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(PROTOCOLS))
        .set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(suites))
        .set(
            Options.SSL_CLIENT_AUTH_MODE,
            requestClientCertificates
                ? SslClientAuthMode.REQUESTED
                : SslClientAuthMode.NOT_REQUESTED)
        .getMap();
  }

  /**
   * Runs {@code check} (which looks at files) every {@code interval}: the timer runs on an I/O
   * thread, the file reads on a worker thread. The chain ends when the worker shuts down.
   */
  private static void scheduleReload(XnioWorker worker, Runnable check, Duration interval) {
    if (worker.isShutdown()) {
      return;
    }
    try {
      worker
          .getIoThread()
          .executeAfter(
              () ->
                  execute(
                      worker,
                      () -> {
                        check.run();
                        scheduleReload(worker, check, interval);
                      }),
              interval.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The server is stopping.
    }
  }

  private static void execute(XnioWorker worker, Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException e) {
      // The server is stopping.
    }
  }
}
