package org.spgate.server.cli;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spgate.core.web.Html;

/**
 * The demo's backend, on loopback: an HTML page showing the user spgate identified ({@code
 * Remote-User}) and every request header it received, so the whole flow is visible. Header octets
 * are shown decoded as UTF-8 where they are valid UTF-8, else as ISO-8859-1.
 */
final class EchoBackend implements AutoCloseable {

  private final Undertow undertow;
  private final int port;

  private EchoBackend(String handlerPath) {
    HttpHandler handler = new EchoHandler(handlerPath);
    undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
    undertow.start();
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Starts the backend on a free loopback port; its links use spgate's {@code handlerPath}. */
  public static EchoBackend start(String handlerPath) {
    return new EchoBackend(handlerPath);
  }

  /** The base URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    undertow.stop();
  }

  /** Renders the page; values are raw header octets, so they are decoded before escaping. */
  static final class EchoHandler implements HttpHandler {
    private final String handlerPath;

    EchoHandler(String handlerPath) {
      this.handlerPath = handlerPath;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
      String user = exchange.getRequestHeaders().getFirst("Remote-User");
      StringBuilder body = new StringBuilder("<h1>spgate demo backend</h1>");
      if (user == null) {
        body.append(
            "<p>Not signed in (no <code>Remote-User</code>). <a href=\"/login\">Sign"
                + " in</a> — <code>/login</code> requires a session, <code>/</code> does not.</p>");
      } else {
        body.append("<p>Signed in as <strong id=\"remote-user\">")
            .append(Html.escape(utf8(user)))
            .append("</strong>. <a href=\"")
            .append(Html.escape(handlerPath))
            .append("/Session\">session</a> · <a href=\"")
            .append(Html.escape(handlerPath))
            .append("/Logout?return=/\">sign out</a></p>");
      }
      body.append("<p class=\"muted\">")
          .append(Html.escape(exchange.getRequestMethod().toString()))
          .append(' ')
          .append(Html.escape(exchange.getRequestURI()))
          .append("</p>")
          .append("<table><tr><th>header</th><th>value</th></tr>");
      List<String> names = new ArrayList<>();
      for (HeaderValues values : exchange.getRequestHeaders()) {
        names.add(values.getHeaderName().toString());
      }
      names.sort((a, b) -> a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT)));
      for (String name : names) {
        for (String value : exchange.getRequestHeaders().get(name)) {
          body.append("<tr><td>")
              .append(Html.escape(name))
              .append("</td><td>")
              .append(Html.escape(utf8(value)))
              .append("</td></tr>");
        }
      }
      body.append("</table>");
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY, Html.CSP);
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      exchange
          .getResponseSender()
          .send(Html.page("spgate demo backend", body.toString()), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "echo-backend";
    }
  }

  /** {@code octets} (one char per octet, as Undertow reads headers) decoded as UTF-8 if valid. */
  static String utf8(String octets) {
    byte[] bytes = octets.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return octets;
    }
  }
}
