package org.spgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.SpRuntime;
import org.spgate.server.SpServer;

/**
 * A real spgate on an ephemeral loopback port, built by the production composition root from a YAML
 * configuration written for the test, trusting a {@link TestIdp}, in front of a {@link
 * RecordingBackend}. Drive it with {@link #client()} (no redirects followed, no cookie jar: the
 * tests handle cookies explicitly so that each cookie is visible).
 */
public final class TestSpGate implements AutoCloseable {

  public final MutableClock clock = MutableClock.atSystemTime();
  public final TestIdp idp;
  public final RecordingBackend backend = new RecordingBackend();
  public final SpRuntime runtime;
  private final SpServer.Running server;
  private final Path configFile;
  private final String base;
  private final String local;
  private final int port;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Starts spgate with routes and extra YAML appended to the defaults. */
  public TestSpGate(Path dir, String routesYaml, String extraYaml) throws Exception {
    this(dir, routesYaml, extraYaml, "");
  }

  /**
   * Starts spgate with routes, extra YAML, and extra keys inside the {@code idp} mapping (e.g.
   * {@code ", protocol: wsfed"}); the test IdP's metadata then also lists its WS-Fed endpoint.
   */
  public TestSpGate(Path dir, String routesYaml, String extraYaml, String idpExtra)
      throws Exception {
    this(dir, routesYaml, extraYaml, idpExtra, null, null, ANY_PORT, null);
  }

  /** As above, listening on {@code port} (e.g. a node restarted on its old port). */
  public TestSpGate(Path dir, String routesYaml, String extraYaml, String idpExtra, int port)
      throws Exception {
    this(dir, routesYaml, extraYaml, idpExtra, null, null, port, null);
  }

  /**
   * Starts spgate serving HTTPS on its port with {@code tlsYaml} as the {@code tls} section (a flow
   * mapping, e.g. {@code "{cert: a.pem, key: b.pem}"}); the cookie keeps its TLS defaults.
   */
  public static TestSpGate tls(Path dir, String routesYaml, String tlsYaml) throws Exception {
    return tls(dir, routesYaml, tlsYaml, "");
  }

  /** As {@link #tls(Path, String, String)}, with extra top-level YAML appended. */
  public static TestSpGate tls(Path dir, String routesYaml, String tlsYaml, String extraYaml)
      throws Exception {
    return new TestSpGate(dir, routesYaml, extraYaml, "", null, null, ANY_PORT, tlsYaml);
  }

  /**
   * One node of several behind one public URL: it trusts {@code sharedIdp} and has the public URL
   * (and so the entityID and ACS URL) of {@code sharedPublicUrl}, while listening on its own port.
   */
  public TestSpGate(
      Path dir, String routesYaml, String extraYaml, TestIdp sharedIdp, String sharedPublicUrl)
      throws Exception {
    this(dir, routesYaml, extraYaml, "", sharedIdp, sharedPublicUrl, ANY_PORT, null);
  }

  private TestSpGate(
      Path dir,
      String routesYaml,
      String extraYaml,
      String idpExtra,
      TestIdp sharedIdp,
      String sharedPublicUrl,
      int port,
      @Nullable String tlsYaml)
      throws Exception {
    idp = sharedIdp != null ? sharedIdp : new TestIdp(clock);
    Path metadata = idp.writeMetadata(dir);
    if (!idpExtra.isEmpty()) {
      Files.writeString(metadata, idp.metadataXmlWithWsFed());
    }
    Path file = dir.resolve("spgate.yaml");
    configFile = file;
    Started started;
    try {
      started =
          start(file, port, sharedPublicUrl, metadata, idpExtra, tlsYaml, routesYaml, extraYaml);
    } catch (Exception | Error e) {
      backend.close();
      throw e;
    }
    runtime = started.runtime();
    server = started.server();
    this.port = started.port();
    local = started.local();
    base = started.base();
  }

  private record Started(
      SpRuntime runtime, SpServer.Running server, int port, String local, String base) {}

  /**
   * Writes the configuration and starts spgate. A port from {@link #freePort()} was free a moment
   * before spgate binds it; whatever took it in between (another process's server) costs this start
   * one more attempt on the next port, not the test.
   */
  private Started start(
      Path file,
      int port,
      @Nullable String sharedPublicUrl,
      Path metadata,
      String idpExtra,
      @Nullable String tlsYaml,
      String routesYaml,
      String extraYaml)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      int listen = port == ANY_PORT ? freePort() : port;
      String local = (tlsYaml == null ? "http" : "https") + "://127.0.0.1:" + listen;
      String base = sharedPublicUrl != null ? sharedPublicUrl : local;
      Files.writeString(
          file, yaml(listen, base, metadata, idpExtra, tlsYaml, routesYaml, extraYaml));
      SpRuntime created = SpRuntime.create(ConfigLoader.load(file), clock);
      try {
        return new Started(created, SpServer.start(created), listen, local, base);
      } catch (RuntimeException e) {
        created.close();
        if (port != ANY_PORT || attempt == 3 || !(e.getCause() instanceof BindException)) {
          throw e;
        }
      } catch (Exception | Error e) {
        created.close();
        throw e;
      }
    }
  }

  private String yaml(
      int listen,
      String base,
      Path metadata,
      String idpExtra,
      @Nullable String tlsYaml,
      String routesYaml,
      String extraYaml) {
    Path map =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("attribute-maps/attribute-map.xml");
    return "listen: 127.0.0.1:"
        + listen
        + "\n"
        + "publicUrl: "
        + base
        + "\n"
        + "entityId: "
        + base
        + "/shibboleth\n"
        + "idp: {metadata: ["
        + metadata
        + "]"
        + idpExtra
        + "}\n"
        + "attributeMap: "
        + map
        + "\n"
        + (tlsYaml == null ? "cookie: {secure: false}\n" : "tls: " + tlsYaml + "\n")
        + "routes:\n"
        + routesYaml.replace("BACKEND", backend.url())
        + "\n"
        + extraYaml
        // Every test client is 127.0.0.1: the login rate limit is lifted unless a test sets it
        // (ClientLimitsHttpTest does).
        + (extraYaml.contains("limits:") ? "" : "\nlimits: {loginsPerMinutePerAddress: 1000000}\n");
  }

  /** The port argument that asks for {@link #freePort()} (and another one if it is taken). */
  private static final int ANY_PORT = 0;

  /** The next candidate of {@link #freePort}: starts apart per process (several JVMs may run). */
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(
          (int) (ProcessHandle.current().pid() * 7919 % 20_000));

  /**
   * A port that was free a moment ago, chosen below the kernel's ephemeral range: a port handed out
   * by bind(0) could be taken again by the next socket bound to port 0 (the test's own backend, an
   * outgoing connection) before spgate binds it; one below that range cannot. Use it too for a
   * backend that must be down: a connect from loopback to a free port <em>inside</em> the range can
   * be given that same port as its source and connect to itself (TCP simultaneous open), so the
   * "dead" backend answers with spgate's own request.
   */
  public static int freePort() throws IOException {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 100; attempt++) {
      // Each call of this JVM takes the next port: a random choice can repeat within one JVM, a
      // counter cannot (and its start differs per process, for test runs side by side).
      int candidate = 10_000 + Math.floorMod(NEXT_PORT.getAndIncrement(), below - 10_000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", candidate));
        return candidate;
      } catch (BindException taken) {
        // in use: try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), or the common default. */
  private static int ephemeralLow() {
    try {
      // Not Files.readString: on JDK 17 it returned "3" of this procfs file's "32768\t60999" (its
      // size reads as 0), which put every port at 10000 and the rest back on bind(0).
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      return Math.max(10_001, Integer.parseInt(range.split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** The running server (its lifecycle, counters, graceful stop). */
  public SpServer.Running server() {
    return server;
  }

  public int port() {
    return port;
  }

  /** The configuration file this spgate was started from; a reload reads it again. */
  public Path configFile() {
    return configFile;
  }

  /** Rewrites the configuration file with {@code edit} (applied by the next reload). */
  public void editConfig(java.util.function.UnaryOperator<String> edit) throws IOException {
    Files.writeString(configFile, edit.apply(Files.readString(configFile)));
  }

  /** Starts spgate protecting everything with auth: required. */
  public TestSpGate(Path dir) throws Exception {
    this(dir, "  - {path: /, backend: \"BACKEND\", auth: required}", "");
  }

  /** The URL of {@code path} on this node's own listener. */
  public String url(String path) {
    return local + path;
  }

  public String entityId() {
    return base + "/shibboleth";
  }

  public String acsUrl() {
    return base + "/Shibboleth.sso/SAML2/POST";
  }

  public HttpClient client() {
    return client;
  }

  /** GET {@code path} with optional extra headers (name, value pairs). */
  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code request} with the shared client, body as a string. */
  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A request builder for {@code path}. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url(path)));
  }

  /** A response read from a raw socket: status, header block and body as latin-1 text. */
  public record RawResponse(int status, String head, String body) {}

  /**
   * Sends {@code method target} with the given header lines over a raw socket, exactly as written
   * (the HTTP client refuses some headers and normalises some targets).
   */
  public RawResponse raw(String method, String target, String... headerLines) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request =
          new StringBuilder(
              method + " " + target + " HTTP/1.1\r\n" + "Host: 127.0.0.1:" + port + "\r\n");
      for (String line : headerLines) {
        request.append(line).append("\r\n");
      }
      boolean close =
          java.util.Arrays.stream(headerLines)
              .noneMatch(h -> h.regionMatches(true, 0, "Connection:", 0, 11));
      request.append(close ? "Connection: close\r\n\r\n" : "\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      java.io.InputStream in = socket.getInputStream();
      ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
      while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        headBytes.write(b);
      }
      String head = headBytes.toString(StandardCharsets.ISO_8859_1).trim();
      Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
      byte[] bodyBytes =
          length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
      String body = new String(bodyBytes, StandardCharsets.ISO_8859_1);
      String[] status = head.split(" ", 3);
      return new RawResponse(status.length > 1 ? Integer.parseInt(status[1]) : -1, head, body);
    }
  }

  /** POSTs a form to {@code path}. */
  public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers)
      throws Exception {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The AuthnRequest ID and RelayState of a login redirect to the IdP. */
  public record StartedLogin(String requestId, String relayState, String authnRequestXml) {}

  /** Decodes the login redirect {@code location}. */
  public static StartedLogin parseLoginRedirect(String location) throws Exception {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    byte[] deflated = Base64.getDecoder().decode(query.get("SAMLRequest"));
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
      out.write(buffer, 0, n);
    }
    String xml = out.toString(StandardCharsets.UTF_8);
    Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(xml);
    if (!id.find()) {
      throw new AssertionError("no ID in AuthnRequest " + xml);
    }
    return new StartedLogin(id.group(1), query.get("RelayState"), xml);
  }

  /** A valid response to {@code login} with eppn and mail attributes. */
  public ResponseSpec responseTo(StartedLogin login) {
    ResponseSpec spec = idp.spec(entityId(), acsUrl());
    spec.inResponseTo = login.requestId();
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    spec.attribute("urn:oid:0.9.2342.19200300.100.1.3", "alice@example.org");
    return spec;
  }

  /** Starts a login at {@code path} (which must answer with a redirect to the IdP). */
  public StartedLogin startLogin(String path) throws Exception {
    HttpResponse<String> redirect = get(path);
    return parseLoginRedirect(
        redirect
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("no login redirect: " + redirect.statusCode())));
  }

  /** POSTs {@code samlResponse} (and {@code relayState} unless null) to the ACS. */
  public HttpResponse<String> postAcs(String samlResponse, String relayState) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("SAMLResponse", samlResponse);
    if (relayState != null) {
      form.put("RelayState", relayState);
    }
    return postForm("/Shibboleth.sso/SAML2/POST", form);
  }

  /** Runs a whole login for {@code path}; returns the session cookie "name=value". */
  public String login(String path, java.util.function.Consumer<ResponseSpec> tweak)
      throws Exception {
    HttpResponse<String> redirect = get(path);
    StartedLogin login =
        parseLoginRedirect(
            redirect
                .headers()
                .firstValue("Location")
                .orElseThrow(
                    () -> new AssertionError("no login redirect: " + redirect.statusCode())));
    ResponseSpec spec = responseTo(login);
    tweak.accept(spec);
    HttpResponse<String> acs =
        postForm(
            "/Shibboleth.sso/SAML2/POST",
            Map.of("SAMLResponse", idp.mint(spec), "RelayState", login.relayState()));
    if (acs.statusCode() != 303) {
      throw new AssertionError("login failed: " + acs.statusCode() + " " + acs.body());
    }
    return cookieOf(acs);
  }

  /** The "name=value" of the Set-Cookie in {@code response}. */
  public static String cookieOf(HttpResponse<?> response) {
    String setCookie =
        response
            .headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new AssertionError("no Set-Cookie"));
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
    backend.close();
  }
}
