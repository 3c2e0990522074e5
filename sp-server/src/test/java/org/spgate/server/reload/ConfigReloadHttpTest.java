package org.spgate.server.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestSpGate;

/**
 * Reloading the configuration of a running spgate: a valid file swaps routes, backends and access
 * rules while an open keep-alive connection and existing sessions go on; a broken file keeps the
 * running configuration and logs each problem with file, line and key; keys that need a restart
 * keep their running value and are named in a warning.
 */
class ConfigReloadHttpTest {

  private static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  @TempDir Path dir;
  RecordingBackend other;
  TestSpGate sp;
  LogLines log;
  String staff;
  String admin;

  @BeforeEach
  void start() throws Exception {
    other = new RecordingBackend();
    sp =
        new TestSpGate(
            dir,
            String.join(
                "\n",
                "  - {path: /app, backend: \"BACKEND\", access: staff}",
                "  - {path: /, backend: \"BACKEND\", auth: none}"),
            String.join(
                "\n",
                "access:",
                "  rules:",
                "    staff: {attribute: entitlement, values: [urn:x:staff]}",
                ""));
    staff = sp.login("/app/", spec -> spec.attribute(ENTITLEMENT, "urn:x:staff"));
    admin = sp.login("/app/", spec -> spec.attribute(ENTITLEMENT, "urn:x:admin"));
    log = LogLines.of(ConfigReload.class.getName());
  }

  @AfterEach
  void stop() {
    log.close();
    sp.close();
    other.close();
  }

  /** The new file: /app goes to the other backend for admins only, and /new is routed there. */
  private void rewriteToOtherBackendAndAdminRule() throws IOException {
    sp.editConfig(
        yaml ->
            yaml.replace(
                    "  - {path: /app, backend: \"" + sp.backend.url() + "\", access: staff}",
                    "  - {path: /app, backend: \""
                        + other.url()
                        + "\", access: staff}\n"
                        + "  - {path: /new, backend: \""
                        + other.url()
                        + "\", auth: none}")
                .replace("values: [urn:x:staff]", "values: [urn:x:admin]"));
  }

  @Test
  void validFileSwapsBackendRouteAndRuleWhileConnectionAndSessionsSurvive() throws Exception {
    try (KeepAlive connection = new KeepAlive(sp.port())) {
      // Before: the staff user reaches /app on the first backend, the admin is refused, and /new
      // falls to the catch-all route on the first backend.
      assertThat(connection.get("/app/x", staff)).startsWith("HTTP/1.1 200");
      assertThat(sp.backend.take().uri()).isEqualTo("/app/x");
      assertThat(connection.get("/app/x", admin)).startsWith("HTTP/1.1 403");
      assertThat(connection.get("/new/y", null)).startsWith("HTTP/1.1 200");
      assertThat(sp.backend.take().uri()).isEqualTo("/new/y");
      assertThat(other.isEmpty()).isTrue();

      rewriteToOtherBackendAndAdminRule();
      assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);

      // After, on the same connection with the same sessions: the new route and backend, the
      // changed rule (the staff user is now refused, the admin admitted), no login asked again.
      assertThat(connection.get("/new/y", null)).startsWith("HTTP/1.1 200");
      assertThat(other.take().uri()).isEqualTo("/new/y");
      assertThat(connection.get("/app/x", admin)).startsWith("HTTP/1.1 200");
      assertThat(other.take().uri()).isEqualTo("/app/x");
      String refused = connection.get("/app/x", staff);
      assertThat(refused).startsWith("HTTP/1.1 403").contains("alice@example.org");
      assertThat(sp.backend.isEmpty()).isTrue();
      assertThat(connection.opened()).isEqualTo(1);
    }
    assertThat(log.countContaining("configuration reloaded from")).isEqualTo(1);
    assertThat(log.countContaining("only a restart applies it")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // what is broken | the edit (old text → new text) | what the log line names
        "YAML syntax | auth: none} | auth: none | spgate.yaml:\\d+: ",
        "unknown key | access: staff} | access: staff, bakend: x} | spgate.yaml:\\d+:"
            + " routes\\[0\\]\\.bakend: unknown key",
        "bad regex | values: [urn:x:staff] | regex: \"urn:(x\" | spgate.yaml:\\d+:"
            + " access\\.rules\\.staff\\.regex: expected a Java regular expression",
      })
  void brokenFileKeepsTheRunningConfigurationAndLogsEachProblem(
      String what, String from, String to, String logged) throws Exception {
    sp.editConfig(
        yaml -> {
          assertThat(yaml).contains(from);
          return yaml.replace(from, to);
        });

    assertThat(sp.server().reload().reload()).as(what).isEqualTo(ConfigReload.Outcome.REFUSED);

    assertThat(log.lines()).anyMatch(line -> line.contains("reload refused"));
    assertThat(log.lines()).as(log.lines().toString()).anyMatch(line -> find(logged, line));
    // The running configuration still serves: the staff user on the first backend.
    assertThat(sp.get("/app/x", "Cookie", staff).statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().uri()).isEqualTo("/app/x");

    // Control: the same file repaired (and changed) is applied.
    sp.editConfig(yaml -> yaml.replace(to, from));
    rewriteToOtherBackendAndAdminRule();
    assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);
    assertThat(sp.get("/app/x", "Cookie", admin).statusCode()).isEqualTo(200);
    assertThat(other.take().uri()).isEqualTo("/app/x");
  }

  @Test
  void missingMetadataFileKeepsTheRunningConfiguration() throws Exception {
    sp.editConfig(yaml -> yaml.replaceFirst("metadata: \\[([^\\]]+)\\]", "metadata: [$1.gone]"));

    assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.REFUSED);

    assertThat(log.lines()).anyMatch(line -> line.contains("idp.metadata"));
    assertThat(sp.get("/app/x", "Cookie", staff).statusCode()).isEqualTo(200);
    // A new login still goes to the IdP of the running configuration.
    assertThat(sp.get("/app/").headers().firstValue("Location")).isPresent();
  }

  @Test
  void restartOnlyKeysKeepTheirRunningValueAndAreNamedWhileRoutesReload() throws Exception {
    int newPort = TestSpGate.freePort();
    sp.editConfig(
        yaml ->
            yaml.replace("listen: 127.0.0.1:" + sp.port(), "listen: 127.0.0.1:" + newPort)
                    .replace("cookie: {secure: false}", "cookie: {secure: false, name: other}")
                + "\nsessions: {timeout: 7m}\n");
    rewriteToOtherBackendAndAdminRule();

    assertThat(sp.server().reload().reload()).isEqualTo(ConfigReload.Outcome.APPLIED);

    assertThat(log.lines())
        .filteredOn(line -> line.contains("only a restart applies it"))
        .hasSize(3)
        .anyMatch(line -> line.contains(": listen: "))
        .anyMatch(line -> line.contains(": cookie.name: "))
        .anyMatch(line -> line.contains(": sessions.timeout: "))
        .noneMatch(line -> line.contains(String.valueOf(newPort)));
    // Still on the old port with the old cookie name (the session is found), and the routes of
    // the new file apply.
    assertThat(sp.get("/app/x", "Cookie", admin).statusCode()).isEqualTo(200);
    assertThat(other.take().uri()).isEqualTo("/app/x");
    assertThat(sp.server().reload().running().listen().getPort()).isEqualTo(sp.port());
  }

  private static boolean find(String regex, String line) {
    return Pattern.compile(regex).matcher(line).find();
  }

  /** One client connection kept open across requests, counting how often it was (re)opened. */
  private static final class KeepAlive implements AutoCloseable {
    private final int port;
    private Socket socket;
    private int opened;

    KeepAlive(int port) throws IOException {
      this.port = port;
      open();
    }

    private void open() throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      opened++;
    }

    int opened() {
      return opened;
    }

    /** GET {@code path} on this connection; the status line, head and body. */
    String get(String path, String cookie) throws IOException {
      if (socket.isClosed()) {
        open();
      }
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed by spgate after: " + head);
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
      if (!length.find()) {
        throw new IOException("no Content-Length: " + text);
      }
      byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
      if (text.toLowerCase(java.util.Locale.ROOT).contains("connection: close")) {
        socket.close();
      }
      return text + new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
