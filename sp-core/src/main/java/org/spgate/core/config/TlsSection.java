package org.spgate.core.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads the optional {@code tls} section into a {@link TlsConfig}.
 *
 * <p>Only the files' existence is checked here; their PEM contents (and whether the key belongs to
 * the certificate) are checked when the listener starts, with a message naming the file.
 */
final class TlsSection {

  static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

  private static final ValueType<String> DN_FORMAT =
      ValueType.oneOf(java.util.Map.of("rfc4514", "rfc4514", "apache", "apache"));

  private TlsSection() {}

  /** The TLS settings, or null when the section is absent (plain HTTP). */
  static @Nullable TlsConfig read(YamlMapping root, FileChecks files, @Nullable URI publicUrl) {
    if (root.node("tls") == null) {
      return null;
    }
    YamlMapping tls = root.mapping("tls");
    Path cert = tls.required("cert", files.existingFile());
    Path key = tls.required("key", files.existingFile());
    boolean http2 = tls.get("http2", ValueType.BOOLEAN, true);
    Duration reload =
        tls.get(
            "reloadInterval",
            Durations.type(Duration.ofSeconds(1), Duration.ofDays(1)),
            DEFAULT_RELOAD_INTERVAL);
    InetSocketAddress redirect = tls.optional("redirectHttpFrom", Addresses.LISTEN_ADDRESS);
    Duration hsts =
        tls.get("hstsMaxAge", Durations.type(Duration.ZERO, Duration.ofDays(730)), Duration.ZERO);
    boolean subDomains = tls.get("hstsIncludeSubDomains", ValueType.BOOLEAN, false);
    Path clientCa = tls.optional("clientCa", files.existingFile());
    Path clientCrl = tls.optional("clientCrl", files.existingFile());
    if (clientCrl != null && tls.node("clientCa") == null) {
      tls.problem("clientCrl", "clientCrl needs clientCa: a CRL only revokes what a CA issued");
    }
    String dnFormat = tls.get("clientDnFormat", DN_FORMAT, "rfc4514");
    if (publicUrl != null && !"https".equals(publicUrl.getScheme())) {
      tls.problem(
          "cert", "a TLS listener needs an https publicUrl; browsers reach spgate over HTTPS then");
    }
    tls.finish();
    if (cert == null || key == null) {
      return null;
    }
    return new TlsConfig(
        cert,
        key,
        http2,
        reload,
        redirect,
        hsts,
        subDomains,
        clientCa,
        clientCrl,
        dnFormat.equals("apache"));
  }
}
