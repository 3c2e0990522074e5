package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;

/** Session ids: fresh and unguessable at every login, and optionally bound to the address. */
class SessionSecurityHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "security: {bindSessionToAddress: true}\n");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  @Test
  void loginWhenRepeatedThenEachSessionIdIsNewAndRandom() throws Exception {
    Set<String> ids = new HashSet<>();
    String previous = null;
    for (int i = 0; i < 5; i++) {
      String cookie = sp.login("/", spec -> {});
      String id = cookie.substring(cookie.indexOf('=') + 1);
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(ids.add(id)).isTrue();
      if (previous != null) {
        assertThat(sp.get("/", "Cookie", previous).statusCode()).isEqualTo(200);
      }
      previous = cookie;
    }
    assertThat(sp.get("/", "Cookie", previous).statusCode()).isEqualTo(200);
  }

  @Test
  void loginWhenBrowserAlreadyHasSessionThenOldSessionIsEnded() throws Exception {
    String first = sp.login("/", spec -> {});
    TestSpGate.StartedLogin login = sp.startLogin("/");
    var acs =
        sp.postForm(
            "/Shibboleth.sso/SAML2/POST",
            java.util.Map.of(
                "SAMLResponse",
                sp.idp.mint(sp.responseTo(login)),
                "RelayState",
                login.relayState()),
            "Cookie",
            first);
    String second = TestSpGate.cookieOf(acs);

    assertThat(second).isNotEqualTo(first);
    assertThat(sp.get("/", "Cookie", first).statusCode()).isEqualTo(302);
    assertThat(sp.get("/", "Cookie", second).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenSessionUsedFromAnotherAddressThenSessionEnds() throws Exception {
    String cookie = sp.login("/", spec -> {});
    assertThat(statusFrom("127.0.0.1", cookie)).isEqualTo(200);

    assertThat(statusFrom("127.0.0.2", cookie)).isEqualTo(302);
    assertThat(statusFrom("127.0.0.1", cookie)).isEqualTo(302);
  }

  /** A GET with {@code cookie} from the local address {@code from} (127.0.0.0/8 is loopback). */
  static int statusFrom(String from, String cookie) throws Exception {
    URI uri = URI.create(sp.url("/"));
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: "
                  + uri.getAuthority()
                  + "\r\nCookie: "
                  + cookie
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
