package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.RestartableBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code {handlerPath}/Status} lists each backend of the routes with its passive health: up, down
 * until a time after its failed connect, probing once that time passed, up again once it answers;
 * public like the rest of the page, so without the failure's details.
 */
class BackendStatusHttpTest {

  @TempDir Path dir;

  private static String status(TestSpGate sp) throws Exception {
    HttpResponse<String> r = sp.get("/Shibboleth.sso/Status");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"ok\"");
    return r.body();
  }

  private static String entry(String body, String url) {
    Matcher m = Pattern.compile("\\{\"url\":\"" + Pattern.quote(url) + "\"[^}]*}").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group();
  }

  @Test
  void statusWhenBackendStoppedThenDownUntilThenProbingThenUpAfterRestart() throws Exception {
    try (RestartableBackend a = new RestartableBackend();
        RestartableBackend b = new RestartableBackend();
        TestSpGate sp =
            new TestSpGate(
                dir,
                "  - {path: /two, backends: ["
                    + a.url()
                    + ", "
                    + b.url()
                    + "], auth: none}\n"
                    + "  - {path: /, backend: \"BACKEND\", auth: none}",
                "backendHealth: {failuresToMarkDown: 1, downFor: 2s, maxDownFor: 2s}\n")) {
      String before = status(sp);
      assertThat(entry(before, a.url())).contains("\"state\":\"up\"");
      assertThat(entry(before, b.url())).contains("\"state\":\"up\"");
      // The single backend of the other route is listed too (the control: never stopped).
      assertThat(entry(before, sp.backend.url())).contains("\"state\":\"up\"");

      b.stop();
      for (int i = 0; i < 4; i++) {
        assertThat(sp.get("/two/x").statusCode()).isEqualTo(200);
      }
      String down = status(sp);
      assertThat(entry(down, a.url())).contains("\"state\":\"up\"");
      String bDown = entry(down, b.url());
      assertThat(bDown).contains("\"state\":\"down\"");
      Matcher until = Pattern.compile("\"downUntil\":\"([^\"]+)\"").matcher(bDown);
      assertThat(until.find()).as(bDown).isTrue();
      assertThat(Instant.parse(until.group(1)))
          .isAfter(Instant.now())
          .isBefore(Instant.now().plusSeconds(4));
      // Public page: the state, never why (no exception text, no request, no correlation id).
      assertThat(down).doesNotContainIgnoringCase("refused").doesNotContain("/two/x");
      assertThat(entry(down, sp.backend.url())).contains("\"state\":\"up\"");

      Thread.sleep(2_100);
      assertThat(entry(status(sp), b.url())).contains("\"state\":\"probing\"");

      b.start();
      for (int i = 0; i < 4; i++) {
        assertThat(sp.get("/two/x").statusCode()).isEqualTo(200);
      }
      String after = status(sp);
      assertThat(entry(after, a.url())).contains("\"state\":\"up\"");
      assertThat(entry(after, b.url())).contains("\"state\":\"up\"").doesNotContain("downUntil");
    }
  }
}
