package org.spgate.core.metadata.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of a Metadata Query responder: one GET per entity with the JDK HTTP client.
 * Blocking, with short timeouts, called from worker threads (and at start-up); the responder's
 * certificate must chain to {@code tlsCa} when given; redirects to plain http are not followed. A
 * 404 is an answer (the responder does not know the entity), anything else but 200 a failure.
 */
final class MdqResponder {

  /** Largest entity document accepted: one IdP with its keys and logos. */
  static final int MAX_BYTES = 1024 * 1024;

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient client;

  MdqResponder(URI base, @Nullable Path tlsCa) throws IOException {
    this.base = base;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (tlsCa != null) {
      builder.sslContext(MetadataFetcher.trusting(tlsCa));
    }
    this.client = builder.build();
  }

  /** The entity's document, or empty when the responder answers 404. */
  Optional<byte[]> fetch(String entityId) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(MdqUrls.entity(base, entityId))
            .timeout(TIMEOUT)
            .header("Accept", "application/samlmetadata+xml")
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
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IOException("HTTP status " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("entity document larger than " + MAX_BYTES + " bytes");
      }
      return Optional.of(bytes);
    }
  }
}
