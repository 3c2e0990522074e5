package org.spgate.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataHandlerTest {

  private static final String XML = "<md:EntityDescriptor entityID=\"https://sp.example.org\"/>";

  private final CompletableFuture<String> metadata = new CompletableFuture<>();
  private final Undertow server =
      Undertow.builder()
          .addHttpListener(0, "127.0.0.1")
          .setHandler(new MetadataHandler(metadata))
          .build();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void getWhenMetadataIsReadyThenServedAsSamlMetadata() throws Exception {
    metadata.complete(XML);
    server.start();

    HttpResponse<String> response = get().get(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/samlmetadata+xml");
    assertThat(response.body()).isEqualTo(XML);
  }

  @Test
  void getWhenMetadataIsStillBeingGeneratedThenAnsweredOnceItIsReady() throws Exception {
    server.start();

    CompletableFuture<HttpResponse<String>> response = get();
    Thread.sleep(300);
    assertThat(response).as("answered before the metadata exists").isNotDone();
    metadata.complete(XML);

    assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo(XML);
  }

  private CompletableFuture<HttpResponse<String>> get() {
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/Metadata")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
