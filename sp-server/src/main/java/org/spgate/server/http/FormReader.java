package org.spgate.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormEncodedDataDefinition;
import io.undertow.util.Methods;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Reads an {@code application/x-www-form-urlencoded} POST body on a worker thread, with a cap on
 * its size enforced by Undertow before the body is buffered.
 */
public final class FormReader {

  private FormReader() {}

  /** The parsed form; the exchange must be blocking (dispatched to a worker). */
  public static FormData read(HttpServerExchange exchange, long maxBytes) throws Rejection {
    if (!Methods.POST.equals(exchange.getRequestMethod())) {
      throw new Rejection(
          Reason.MISSING_MESSAGE, "expected a POST, got " + exchange.getRequestMethod());
    }
    exchange.setMaxEntitySize(maxBytes);
    FormEncodedDataDefinition definition = new FormEncodedDataDefinition();
    definition.setDefaultEncoding("UTF-8");
    FormDataParser parser = definition.create(exchange);
    if (parser == null) {
      throw new Rejection(
          Reason.MISSING_MESSAGE, "expected an application/x-www-form-urlencoded body");
    }
    try (parser) {
      return parser.parseBlocking();
    } catch (IOException | RuntimeException e) {
      if (exchange.getRequestContentLength() > maxBytes
          || String.valueOf(e.getMessage()).contains("size")) {
        throw new Rejection(Reason.MESSAGE_TOO_LARGE, "form body over " + maxBytes + " bytes");
      }
      throw new Rejection(Reason.MISSING_MESSAGE, "unreadable form body: " + e.getMessage());
    }
  }

  /** The single value of {@code name}, or {@code null}; a repeated field is refused. */
  public static @Nullable String single(FormData form, String name) throws Rejection {
    if (!form.contains(name)) {
      return null;
    }
    if (form.get(name).size() != 1) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "form field " + name + " repeated");
    }
    FormData.FormValue value = form.getFirst(name);
    return value.isFileItem() ? null : value.getValue();
  }
}
