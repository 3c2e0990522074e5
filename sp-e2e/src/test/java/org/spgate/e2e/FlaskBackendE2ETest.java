package org.spgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example Flask backend, spoken to directly the way spgate will: identity headers as UTF-8
 * bytes, multi-valued ones joined with {@code ;}.
 */
@ExtendWith(E2EPrerequisites.class)
class FlaskBackendE2ETest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static FlaskBackend flask;

  @BeforeAll
  static void startFlask() {
    flask = FlaskBackend.start();
  }

  @AfterAll
  static void stopFlask() {
    if (flask != null) {
      flask.close();
    }
  }

  @Test
  void loginWhenIdentityHeadersSentThenShowsUserAndUtf8DisplayName() throws Exception {
    String page =
        rawGet(
            "/login",
            "Remote-User: alice@example.org",
            "displayName: Grâce Hopper-Ünal",
            "entitlement: staff;r&d\\;lab;<b>x</b>");

    assertThat(page).startsWith("HTTP/1.1 200");
    assertThat(page)
        .contains("Signed in as <strong>alice@example.org</strong>")
        .contains("(Grâce Hopper-Ünal)")
        .contains("<li>staff</li>", "<li>r&amp;d;lab</li>")
        .contains("&lt;b&gt;x&lt;/b&gt;")
        .doesNotContain("<b>x</b>");
  }

  @Test
  void loginWhenNoIdentityHeadersThenRefuses() throws Exception {
    HttpResponse<String> page = get("/login");

    assertThat(page.statusCode()).isEqualTo(401);
  }

  @Test
  void indexWhenNoIdentityHeadersThenSaysNotSignedIn() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("not signed in");
  }

  @Test
  void headersWhenCalledThenEchoesReceivedHeadersAsJson() throws Exception {
    HttpResponse<String> page = get("/headers", "eppn", "alice@example.org");

    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(page.body()).contains("\"Eppn\":\"alice@example.org\"");
  }

  private static HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(flask.uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * Sends a GET with header lines written as UTF-8 bytes, as spgate does; Java's HttpClient cannot,
   * it writes every header character above 0x7F as {@code ?}.
   */
  private static String rawGet(String path, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(flask.port()).append("\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), flask.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
