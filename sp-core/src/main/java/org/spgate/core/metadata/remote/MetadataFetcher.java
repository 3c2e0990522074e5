package org.spgate.core.metadata.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Fetches one metadata URL with the JDK HTTP client. Blocking: called only at start-up and from the
 * refresher's own thread, never from a server I/O thread. The server's certificate must chain to
 * {@code tlsCa} when given, else to the JDK's trust store; redirects to plain http are not
 * followed; a body larger than {@link #MAX_BYTES} is refused.
 */
public final class MetadataFetcher {

  /** Largest document accepted (national aggregates are tens of MB). */
  public static final int MAX_BYTES = 256 * 1024 * 1024;

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI url;
  private final HttpClient client;

  public MetadataFetcher(URI url, @Nullable Path tlsCa) throws IOException {
    this.url = url;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (tlsCa != null) {
      builder.sslContext(trusting(tlsCa));
    }
    this.client = builder.build();
  }

  static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, ca);
      }
      if (i == 0) {
        throw new IOException("no certificate in " + caFile);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the CA bundle " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** The document's bytes; any failure (network, TLS, status, size) is an exception. */
  public byte[] fetch() throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/samlmetadata+xml, application/xml, text/xml")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP status " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("document larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    }
  }
}
