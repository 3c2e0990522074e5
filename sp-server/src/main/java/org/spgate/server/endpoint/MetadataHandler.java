package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** {@code {handlerPath}/Metadata}: the SP metadata, generated once at start. */
public final class MetadataHandler implements HttpHandler {

  private final String metadata;

  public MetadataHandler(String metadata) {
    this.metadata = metadata;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/samlmetadata+xml");
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_DISPOSITION, "inline; filename=\"spgate-metadata.xml\"");
    exchange.getResponseSender().send(metadata);
  }

  @Override
  public String toString() {
    return "metadata";
  }
}
