package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.TestSpGate;
import org.spgate.server.testing.TestSpGate.StartedLogin;

/**
 * A real spgate with metrics on (its own listener) and the access log on: logins accepted and
 * refused, proxied requests and a backend failure, then a scrape of the metrics listener shows each
 * counter moved by exactly what was done; the JSON log lines of logins, refusals and requests carry
 * their fields and never an attribute value, unless {@code logging.attributeValues} is on.
 */
class MetricsAndLogsHttpTest {

  private static final String MAIL = "urn:oid:0.9.2342.19200300.100.1.3";
  private static final String SECRET = "zz-attribute-value-7731@example.org";

  @TempDir static Path dir;
  static TestSpGate sp;
  static int metricsPort;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    int down; // nothing listens there: connections are refused
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = closed.getLocalPort();
    }
    // Port 0: the metrics listener binds a free port, read back from the running server.
    sp =
        new TestSpGate(
            dir,
            "  - {path: /app, backend: BACKEND, auth: required}\n"
                + "  - {path: /down, backend: \"http://127.0.0.1:"
                + down
                + "\", auth: none}",
            "metrics: {listen: \"127.0.0.1:0\"}\nlogging: {accessLog: true}\n");
    metricsPort = sp.server().metrics().port();
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  @Test
  void scrapeAfterLoginsRefusalsAndRequestsShowsEachCounterMoved() throws Exception {
    String idp = "idp=\"" + sp.idp.entityId() + "\"";
    String before = scrape();

    String cookie = sp.login("/app", spec -> {});
    postRefused(s -> s.destination = "https://other.test/Shibboleth.sso/SAML2/POST");
    for (int i = 0; i < 3; i++) {
      assertThat(sp.get("/app/x?q=" + i, "Cookie", cookie).statusCode()).isEqualTo(200);
    }
    assertThat(sp.get("/down/y").statusCode()).isEqualTo(502);
    String after = scrape();

    assertThat(delta(before, after, "spgate_logins_total", idp, "result=\"success\"")).isEqualTo(1);
    assertThat(delta(before, after, "spgate_logins_total", idp, "result=\"WRONG_DESTINATION\""))
        .isEqualTo(1);
    assertThat(delta(before, after, "spgate_refusals_total", "reason=\"WRONG_DESTINATION\""))
        .isEqualTo(1);
    assertThat(delta(before, after, "spgate_refusals_total", "reason=\"BACKEND_UNAVAILABLE\""))
        .isEqualTo(1);
    // The login's first request to /app is redirected before the proxy: three reach it.
    assertThat(delta(before, after, "spgate_proxy_requests_seconds_count", "route=\"/app\""))
        .isEqualTo(3);
    assertThat(
            delta(
                before,
                after,
                "spgate_proxy_requests_seconds_bucket",
                "route=\"/app\"",
                "le=\"+Inf\""))
        .isEqualTo(3);
    assertThat(
            delta(
                before,
                after,
                "spgate_backend_failures_total",
                "route=\"/down\"",
                "kind=\"error\""))
        .isEqualTo(1);
    assertThat(
            delta(
                before, after, "spgate_backend_failures_total", "route=\"/app\"", "kind=\"error\""))
        .isZero();
    assertThat(delta(before, after, "spgate_session_lookups_seconds_count", "store=\"memory\""))
        .isGreaterThanOrEqualTo(3);
    assertThat(value(after, "spgate_sessions_active")).isEqualTo(sp.runtime.sessions().size());
    assertThat(value(after, "spgate_metadata_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(after)
        .contains("jvm_memory_used_bytes{area=\"heap\"")
        .contains("jvm_gc_")
        .contains("jvm_threads_live_threads");
    // Raw paths never become tags.
    assertThat(after).doesNotContain("/app/x").doesNotContain("q=");
  }

  @Test
  void metricsAreNotOnTheMainListener() throws Exception {
    HttpResponse<String> main = sp.get("/metrics");
    assertThat(main.statusCode()).isEqualTo(404);
    assertThat(main.body()).doesNotContain("spgate_");
    // Control: the metrics listener serves them.
    assertThat(scrape()).contains("spgate_refusals_total");
  }

  @Test
  void metricsListenerRefusesOtherAddressesAndPaths() throws Exception {
    // Bound to 127.0.0.1 only: another loopback address of this host cannot connect.
    assertThatThrownBy(() -> get("http://127.0.0.2:" + metricsPort + "/metrics"))
        .isInstanceOf(ConnectException.class);
    assertThat(get("http://127.0.0.1:" + metricsPort + "/other").statusCode()).isEqualTo(404);
    HttpResponse<String> ok = get("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
  }

  @Test
  void jsonLinesOfLoginRefusalAndRequestCarryFieldsButNoAttributeValue() throws Exception {
    try (JsonLines lines = JsonLines.of("spgate.login", "spgate.refused", "spgate.requests")) {
      String[] ids = new String[2];
      String cookie =
          sp.login(
              "/app",
              spec -> {
                spec.attributes.put(MAIL, List.of(SECRET));
                ids[0] = spec.responseId;
                ids[1] = spec.assertionId;
              });
      ResponseSpec refused = postRefused(s -> s.destination = "https://other.test/x");
      assertThat(sp.get("/app/z", "Cookie", cookie).statusCode()).isEqualTo(200);

      // The access line is written when the exchange ends, which may be just after the client
      // has read the response.
      List<JsonNode> all = lines.parsed();
      for (int i = 0; i < 100 && all.stream().noneMatch(MetricsAndLogsHttpTest::isOkRequest); i++) {
        Thread.sleep(20);
        all = lines.parsed();
      }
      JsonNode login = only(all, "login");
      assertThat(login.path("idp").asText()).isEqualTo(sp.idp.entityId());
      assertThat(login.path("messageId").asText()).isEqualTo(ids[0]);
      assertThat(login.path("assertionId").asText()).isEqualTo(ids[1]);
      assertThat(login.path("correlationId").asText()).isNotBlank();
      assertThat(login.path("level").asText()).isEqualTo("INFO");

      JsonNode refusal = only(all, "refusal");
      assertThat(refusal.path("code").asText()).isEqualTo("SPG-21");
      assertThat(refusal.path("reason").asText()).isEqualTo("WRONG_DESTINATION");
      assertThat(refusal.path("messageId").asText()).isEqualTo(refused.responseId);
      assertThat(refusal.path("idp").asText()).isEqualTo(sp.idp.entityId());
      assertThat(refusal.path("correlationId").asText()).isNotBlank();

      JsonNode request =
          all.stream()
              .filter(MetricsAndLogsHttpTest::isOkRequest)
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(request.path("route").asText()).isEqualTo("/app");
      assertThat(request.path("method").asText()).isEqualTo("GET");
      assertThat(request.path("durationMs").isNumber()).isTrue();

      assertThat(lines.text()).doesNotContain(SECRET);
    }
  }

  @Test
  void attributeValuesAreLoggedOnlyWithTheDebugSwitch(@TempDir Path other) throws Exception {
    try (TestSpGate debug =
            new TestSpGate(
                other,
                "  - {path: /app, backend: BACKEND, auth: required}",
                "logging: {attributeValues: true}\n");
        JsonLines lines = JsonLines.of("spgate.login")) {
      debug.login("/app", spec -> spec.attributes.put(MAIL, List.of(SECRET)));
      JsonNode login = only(lines.parsed(), "login");
      assertThat(login.path("attributeValues").path("mail").get(0).asText()).isEqualTo(SECRET);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static ResponseSpec postRefused(java.util.function.Consumer<ResponseSpec> tweak)
      throws Exception {
    StartedLogin login = sp.startLogin("/app");
    ResponseSpec spec = sp.responseTo(login);
    tweak.accept(spec);
    HttpResponse<String> acs = sp.postAcs(sp.idp.mint(spec), login.relayState());
    assertThat(acs.statusCode()).isEqualTo(403);
    return spec;
  }

  private static boolean isOkRequest(JsonNode n) {
    return "request".equals(n.path("event").asText()) && n.path("status").asInt() == 200;
  }

  private static JsonNode only(List<JsonNode> lines, String event) {
    List<JsonNode> found =
        lines.stream().filter(n -> event.equals(n.path("event").asText())).toList();
    assertThat(found).as("lines with event " + event + " in " + lines).hasSize(1);
    return found.get(0);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static double delta(String before, String after, String name, String... tags) {
    return value(after, name, tags) - value(before, name, tags);
  }

  /** The sample of {@code name} with all {@code tags}; 0 when it does not exist (yet). */
  private static double value(String scrape, String name, String... tags) {
    List<Double> found = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String tag : tags) {
        all &= line.contains(tag);
      }
      if (all) {
        found.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    assertThat(found.size()).as(name + " " + List.of(tags)).isLessThanOrEqualTo(1);
    return found.isEmpty() ? 0 : found.get(0);
  }

  /** The lines of some loggers as the JSON encoder of the shipped logback.xml writes them. */
  static final class JsonLines implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final List<Logger> loggers = new ArrayList<>();

    static JsonLines of(String... names) {
      JsonLines lines = new JsonLines();
      Logger first = (Logger) LoggerFactory.getLogger(names[0]);
      LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(first.getLoggerContext());
      encoder.start();
      lines.appender.setContext(first.getLoggerContext());
      lines.appender.setEncoder(encoder);
      lines.appender.setOutputStream(lines.out);
      lines.appender.start();
      for (String name : names) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        logger.addAppender(lines.appender);
        lines.loggers.add(logger);
      }
      return lines;
    }

    synchronized String text() {
      return out.toString(StandardCharsets.UTF_8);
    }

    List<JsonNode> parsed() throws Exception {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : text().split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
      return nodes;
    }

    @Override
    public void close() {
      loggers.forEach(l -> l.detachAppender(appender));
      appender.stop();
    }
  }
}
