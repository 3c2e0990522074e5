package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code {handlerPath}/auth} asked the way Traefik's ForwardAuth middleware asks (Traefik is not
 * installable here, so the request is written out): a GET to the configured address carrying the
 * browser's headers and Traefik's {@code X-Forwarded-Method}, {@code -Proto}, {@code -Host}, {@code
 * -Uri} and {@code -For}, no {@code X-Original-URI}. Traefik forwards a 2xx answer's listed headers
 * to the app and returns any other answer to the browser as it is, {@code Location} included. Those
 * headers count only from a trusted proxy.
 */
class ForwardAuthTraefikHttpTest {

  private static final String APP_URL = "https://app.example.org/app/page?a=1&b=x%26y";

  @TempDir static Path dir;
  private static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /app, backend: \"BACKEND\", auth: required}\n"
                + "  - {path: /open, backend: \"BACKEND\", auth: none}",
            "proxy: {trustedProxies: [127.0.0.1]}\n");
  }

  @AfterAll
  static void stop() {
    if (sp != null) {
      sp.close();
    }
  }

  /** What Traefik sends for a browser's {@code GET https://app.example.org/<uri>}. */
  private static String traefikCheck(String authPath, String uri, String... browserHeaders) {
    StringBuilder head =
        new StringBuilder("GET " + authPath + " HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:")
            .append(sp.port())
            .append("\r\n")
            .append("User-Agent: Mozilla/5.0\r\n")
            .append("X-Forwarded-Method: GET\r\n")
            .append("X-Forwarded-Proto: https\r\n")
            .append("X-Forwarded-Host: app.example.org\r\n")
            .append("X-Forwarded-Uri: ")
            .append(uri)
            .append("\r\n")
            .append("X-Forwarded-For: 203.0.113.7\r\n");
    for (String line : browserHeaders) {
      head.append(line).append("\r\n");
    }
    return head.toString();
  }

  private static String loginUrlFor(String url) {
    return sp.url("/Shibboleth.sso/Login?target=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
  }

  @Test
  void noSessionThen401NamingTheLoginThatReturnsToTheOriginalUrl() throws Exception {
    String answer =
        rawFrom(
            "127.0.0.1",
            traefikCheck("/Shibboleth.sso/auth", "/app/page?a=1&b=x%26y", "Accept: text/html"));

    assertThat(answer).startsWith("HTTP/1.1 401").contains("SPG-76");
    assertThat(answer).contains("\"login\":\"" + loginUrlFor(APP_URL) + "\"");
    assertThat(rawFrom("127.0.0.1", traefikCheck("/Shibboleth.sso/auth", "/open/x")))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void loginRedirectAskedForThenABrowserGetsTheLoginLocationAndAnApiClientThe401()
      throws Exception {
    String browser =
        rawFrom(
            "127.0.0.1",
            traefikCheck(
                "/Shibboleth.sso/auth?login=redirect",
                "/app/page?a=1&b=x%26y",
                "Accept: text/html,application/xhtml+xml"));
    String api =
        rawFrom(
            "127.0.0.1",
            traefikCheck(
                "/Shibboleth.sso/auth?login=redirect",
                "/app/page?a=1&b=x%26y",
                "Accept: application/json"));

    assertThat(browser).startsWith("HTTP/1.1 302");
    assertThat(browser).containsIgnoringCase("Location: " + loginUrlFor(APP_URL) + "\r\n");
    assertThat(api).startsWith("HTTP/1.1 401").contains("SPG-76");
  }

  @Test
  void sessionThen200WithTheIdentityHeadersTraefikCopiesToTheApp() throws Exception {
    String cookie = sp.login("/app/start", spec -> {});

    String answer =
        rawFrom(
            "127.0.0.1",
            traefikCheck("/Shibboleth.sso/auth?login=redirect", "/app/page", "Cookie: " + cookie));

    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(answer).containsIgnoringCase("Remote-User: alice@example.org\r\n");
    assertThat(answer).containsIgnoringCase("Cache-Control: no-store");
  }

  @Test
  void traefikHeadersFromAnUntrustedPeerAreIgnoredAndFromTheTrustedOneUsed() throws Exception {
    String check = traefikCheck("/Shibboleth.sso/auth", "/open/x");

    assertThat(rawFrom("127.0.0.1", check)).startsWith("HTTP/1.1 200");
    assertThat(rawFrom("127.0.0.2", check)).startsWith("HTTP/1.1 400").contains("SPG-86");
  }

  /** One request straight to spgate from a socket bound to {@code localAddress}. */
  private static String rawFrom(String localAddress, String head) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", sp.port()), 5000);
      socket.setSoTimeout(10_000);
      String request = head + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
