package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {handlerPath}/Metadata}: the SP metadata, generated once, beside the server's start. A
 * request in the first moments after start waits for it on a worker thread, never on an I/O thread.
 */
public final class MetadataHandler implements HttpHandler {

  private final CompletableFuture<String> metadata;

  public MetadataHandler(CompletableFuture<String> metadata) {
    this.metadata = metadata;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!metadata.isDone() && exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String xml = metadata.join();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/samlmetadata+xml");
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_DISPOSITION, "inline; filename=\"spgate-metadata.xml\"");
    exchange.getResponseSender().send(xml);
  }

  @Override
  public String toString() {
    return "metadata";
  }
}
