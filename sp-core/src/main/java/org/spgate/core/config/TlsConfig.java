package org.spgate.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * HTTPS on spgate's own listener: when present, {@link SpConfig#listen()} speaks TLS.
 *
 * @param cert PEM file: the server certificate first, then the intermediates
 * @param key PEM file: the unencrypted private key (PKCS#8 or the traditional RSA/EC forms)
 * @param http2 whether HTTP/2 is offered by ALPN next to HTTP/1.1
 * @param reloadInterval how often the two files are checked for changes; new connections get the
 *     new certificate without a restart
 * @param redirectHttpFrom an optional plain-HTTP listener that only redirects to {@code publicUrl}
 * @param hstsMaxAge {@code Strict-Transport-Security} max-age; zero sends no header
 * @param hstsIncludeSubDomains whether the HSTS header carries {@code includeSubDomains}
 * @param clientCa PEM bundle of the CAs client certificates must chain to; null: none requested
 * @param clientCrl PEM or DER CRL file(s) of those CAs, checked for revoked client certificates
 * @param apacheDn whether DNs go to backends in Apache mod_ssl's {@code /C=../CN=..} form rather
 *     than RFC 4514's {@code CN=..,C=..}
 */
public record TlsConfig(
    Path cert,
    Path key,
    boolean http2,
    Duration reloadInterval,
    @Nullable InetSocketAddress redirectHttpFrom,
    Duration hstsMaxAge,
    boolean hstsIncludeSubDomains,
    @Nullable Path clientCa,
    @Nullable Path clientCrl,
    boolean apacheDn) {}
