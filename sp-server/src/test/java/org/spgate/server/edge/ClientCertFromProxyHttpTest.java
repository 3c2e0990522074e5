package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.RecordingBackend;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * spgate behind a TLS-terminating proxy ({@code clientCert.fromProxy}) on a plain listener: the
 * certificate is read from the proxy's header only when the peer is in {@code proxy.trustedProxies}
 * (127.0.0.1 here; 127.0.0.2 is an untrusted client on the same machine), in nginx's, Traefik's,
 * HAProxy's and one-line PEM spelling, and verified against spgate's own CA bundle and CRL. Also
 * the configured {@code clientCert.headers} names, which no client may send.
 */
class ClientCertFromProxyHttpTest {

  private static final String HEADER = "X-SSL-Client-Cert";

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate escaped;
  static TestSpGate der;
  static TestSpGate pem;
  static TestPki.Issued alice;
  static TestPki.Issued revoked;
  static TestPki.Issued otherCa;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("client CA");
    alice = pki.issue("CN=alice,O=Example", "EC");
    revoked = pki.issue("CN=mallory,O=Example", "EC");
    otherCa = new TestPki("client CA").issue("CN=alice,O=Example", "EC");
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    Path crl = dir.resolve("client-ca.crl");
    pki.writeCrl(crl, revoked.certificate().getSerialNumber());
    escaped = start("escaped-pem", ca, crl);
    der = start("base64-der", ca, crl);
    pem = start("pem", ca, crl);
  }

  private static TestSpGate start(String format, Path ca, Path crl) throws Exception {
    return new TestSpGate(
        Files.createDirectories(dir.resolve(format)),
        "  - {path: /required, backend: \"BACKEND\", clientCert: required,"
            + " identity: certificate}\n"
            + "  - {path: /optional, backend: \"BACKEND\", auth: none, clientCert: optional}\n"
            + "  - {path: /, backend: \"BACKEND\", auth: none}",
        "proxy: {trustedProxies: [127.0.0.1]}\n"
            + "clientCert:\n"
            + "  ca: "
            + ca
            + "\n  crl: "
            + crl
            + "\n  fromProxy: {header: "
            + HEADER
            + ", format: "
            + format
            + "}\n"
            + "  headers: {verify: X-Client-Verify, subjectDn: X-Client-DN}\n");
  }

  @AfterAll
  static void stop() {
    for (TestSpGate sp : new TestSpGate[] {escaped, der, pem}) {
      if (sp != null) {
        sp.close();
      }
    }
  }

  @BeforeEach
  void clearBackends() {
    escaped.backend.clear();
    der.backend.clear();
    pem.backend.clear();
  }

  // ---- the spellings of the proxies ----

  /** nginx's {@code $ssl_client_escaped_cert}: the PEM with every reserved character escaped. */
  static String nginxEscaped(X509Certificate certificate) throws Exception {
    StringBuilder out = new StringBuilder();
    for (byte b : TestPki.pem(certificate).getBytes(StandardCharsets.US_ASCII)) {
      char c = (char) b;
      if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b));
      }
    }
    return out.toString();
  }

  /** Traefik's {@code X-Forwarded-Tls-Client-Cert}: base64 without PEM lines, query-escaped. */
  static String traefikEscaped(X509Certificate certificate) throws Exception {
    return URLEncoder.encode(
        Base64.getEncoder().encodeToString(certificate.getEncoded()), StandardCharsets.UTF_8);
  }

  /** HAProxy's {@code %[ssl_c_der,base64]}. */
  static String haproxyBase64(X509Certificate certificate) throws Exception {
    return Base64.getEncoder().encodeToString(certificate.getEncoded());
  }

  /** PEM on one line, its line breaks replaced by {@code separator}. */
  static String oneLinePem(X509Certificate certificate, String separator) throws Exception {
    return TestPki.pem(certificate).strip().replace("\r\n", "\n").replace("\n", separator);
  }

  private static void assertVerifiedAlice(TestSpGate sp, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordingBackend.Received received = sp.backend.take();
    assertThat(received.all("Remote-User")).containsExactly("alice");
    assertThat(received.all("X-Client-Verify")).containsExactly("SUCCESS");
    assertThat(received.all("X-Client-DN")).containsExactly("CN=alice,O=Example");
    assertThat(received.all("SSL_CLIENT_I_DN")).containsExactly("CN=client CA");
    assertThat(received.all(HEADER)).isEmpty();
  }

  @Test
  void nginxEscapedPemFromTrustedProxyThenVerifiedAndTheUser() throws Exception {
    assertVerifiedAlice(
        escaped, escaped.get("/required/x", HEADER, nginxEscaped(alice.certificate())));
  }

  @Test
  void traefikEscapedBase64WithoutPemLinesThenVerifiedAndTheUser() throws Exception {
    assertVerifiedAlice(
        escaped, escaped.get("/required/x", HEADER, traefikEscaped(alice.certificate())));
  }

  @Test
  void traefikChainOfLeafAndCaThenTheLeafIsTheUser() throws Exception {
    String chain = traefikEscaped(alice.certificate()) + "," + traefikEscaped(pki.ca.certificate());

    assertVerifiedAlice(escaped, escaped.get("/required/x", HEADER, chain));
  }

  @Test
  void haproxyBase64DerThenVerifiedAndTheUser() throws Exception {
    assertVerifiedAlice(der, der.get("/required/x", HEADER, haproxyBase64(alice.certificate())));
  }

  @Test
  void oneLinePemWithSpacesOrTabsThenVerifiedAndTheUser() throws Exception {
    assertVerifiedAlice(pem, pem.get("/required/x", HEADER, oneLinePem(alice.certificate(), " ")));
    assertVerifiedAlice(pem, pem.get("/required/x", HEADER, oneLinePem(alice.certificate(), "\t")));
  }

  @Test
  void noCertificateFromTrustedProxyThenRequiredRouteRefusedAndOptionalSaysNone() throws Exception {
    HttpResponse<String> required = der.get("/required/x");
    // HAProxy's set-header writes an empty value when the client sent no certificate.
    HttpResponse<String> optional = der.get("/optional/x", HEADER, "");

    assertThat(required.statusCode()).isEqualTo(403);
    assertThat(required.body()).contains("SPG-85");
    assertThat(optional.statusCode()).isEqualTo(200);
    assertThat(der.backend.take().all("X-Client-Verify")).containsExactly("NONE");
    assertThat(der.backend.isEmpty()).isTrue();
  }

  // ---- who may send it ----

  @Test
  void untrustedPeerSendingTheHeaderThenIgnoredAndRemoved() throws Exception {
    String cert = nginxEscaped(alice.certificate());

    String required = rawFrom("127.0.0.2", escaped, "/required/x", HEADER + ": " + cert);
    String optional = rawFrom("127.0.0.2", escaped, "/optional/x", HEADER + ": " + cert);
    String trusted = rawFrom("127.0.0.1", escaped, "/optional/x", HEADER + ": " + cert);

    assertThat(required).startsWith("HTTP/1.1 403").contains("SPG-85");
    assertThat(optional).startsWith("HTTP/1.1 200");
    RecordingBackend.Received received = escaped.backend.take();
    assertThat(received.all("X-Client-Verify")).containsExactly("NONE");
    assertThat(received.all("X-Client-DN")).isEmpty();
    assertThat(received.all(HEADER)).isEmpty();
    assertThat(trusted).startsWith("HTTP/1.1 200");
    assertThat(escaped.backend.take().all("X-Client-Verify")).containsExactly("SUCCESS");
  }

  @Test
  void otherSpellingOfTheHeaderFromTrustedProxyThenNotReadAndRemoved() throws Exception {
    String cert = nginxEscaped(alice.certificate());

    HttpResponse<String> required = escaped.get("/required/x", "X_SSL_Client_Cert", cert);
    HttpResponse<String> optional =
        escaped.get("/optional/x", "X_SSL_CLIENT_CERT", cert, "X.SSL.Client.Cert", cert);

    assertThat(required.statusCode()).isEqualTo(403);
    assertThat(required.body()).contains("SPG-85");
    assertThat(optional.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = escaped.backend.take();
    assertThat(received.all("X-Client-Verify")).containsExactly("NONE");
    assertThat(certHeaderSpellings(received)).isEmpty();
  }

  // ---- what is refused ----

  @Test
  void malformedHeaderFromTrustedProxyThen400WithSpg96AndLogLine() throws Exception {
    String valid = nginxEscaped(alice.certificate());
    List<String> malformed =
        List.of(
            "not a certificate",
            valid.replace("%0A", "%0"),
            valid.substring(0, valid.length() / 2),
            nginxEscaped(alice.certificate()).replace("BEGIN%20CERTIFICATE", "BEGIN%20KEY"),
            "%00" + valid);
    try (LogLines refused = LogLines.of("spgate.refused")) {
      for (String value : malformed) {
        HttpResponse<String> response = escaped.get("/optional/x", HEADER, value);

        assertThat(response.statusCode()).as(value).isEqualTo(400);
        assertThat(response.body()).contains("SPG-96");
      }
      assertThat(refused.countContaining("SPG-96")).isEqualTo(malformed.size());
      assertThat(refused.lines()).allSatisfy(line -> assertThat(line).contains(HEADER));
    }
    assertThat(escaped.backend.isEmpty()).isTrue();
    assertThat(der.get("/optional/x", HEADER, "AAAA").statusCode()).isEqualTo(400);
    assertThat(der.get("/optional/x", HEADER, "***").statusCode()).isEqualTo(400);
  }

  @Test
  void headerSentTwiceFromTrustedProxyThen400WithSpg96() throws Exception {
    String cert = haproxyBase64(alice.certificate());

    HttpResponse<String> twice = der.get("/optional/x", HEADER, cert, HEADER, cert);

    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("SPG-96");
    assertThat(der.backend.isEmpty()).isTrue();
  }

  @Test
  void certificateOfAnotherCaFromProxyThenTreatedAsUnverified() throws Exception {
    String cert = haproxyBase64(otherCa.certificate());

    HttpResponse<String> required = der.get("/required/x", HEADER, cert);
    HttpResponse<String> optional = der.get("/optional/x", HEADER, cert);

    assertThat(required.statusCode()).isEqualTo(403);
    assertThat(required.body()).contains("SPG-85");
    assertThat(optional.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = der.backend.take();
    assertThat(received.all("X-Client-Verify")).containsExactly("FAILED");
    assertThat(received.all("X-Client-DN")).isEmpty();
    assertThat(received.all("Remote-User")).isEmpty();
  }

  @Test
  void revokedCertificateFromProxyThenRefusedByTheCrl() throws Exception {
    HttpResponse<String> response =
        der.get("/required/x", HEADER, haproxyBase64(revoked.certificate()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("SPG-85");
    assertThat(der.backend.isEmpty()).isTrue();
  }

  // ---- configured header names ----

  @Test
  void configuredHeaderNamesSpoofedInEverySpellingThenOnlySpgatesValuesArrive() throws Exception {
    HttpResponse<String> response =
        der.get(
            "/required/x",
            HEADER,
            haproxyBase64(alice.certificate()),
            "X-Client-DN",
            "CN=admin",
            "x_client_dn",
            "CN=admin",
            "X.CLIENT.DN",
            "CN=admin",
            "x-client_verify",
            "SUCCESS",
            "SSL_CLIENT_S_DN",
            "CN=admin");

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, List<String>> headers = clientHeaders(der.backend.take());
    assertThat(headers)
        .containsOnlyKeys(
            "X-Client-DN",
            "X-Client-Verify",
            "SSL_CLIENT_I_DN",
            "SSL_CLIENT_CERT",
            "SSL_CLIENT_M_SERIAL",
            "SSL_CLIENT_V_END");
    assertThat(headers.get("X-Client-DN")).containsExactly("CN=alice,O=Example");
  }

  @Test
  void configuredHeaderNamesOnRouteWithoutClientCertificatesThenRemoved() throws Exception {
    HttpResponse<String> response =
        der.get("/plain", "X-Client-DN", "CN=admin", "x_client_verify", "SUCCESS");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordingBackend.Received received = der.backend.take();
    assertThat(received.uri()).isEqualTo("/plain");
    assertThat(clientHeaders(received)).isEmpty();
  }

  /** The headers whose names are some spelling of the configured or mod_ssl names. */
  private static Map<String, List<String>> clientHeaders(RecordingBackend.Received received) {
    Map<String, List<String>> found = new TreeMap<>();
    received
        .headers()
        .forEach(
            (name, values) -> {
              String normal = name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
              if (normal.startsWith("x-client-") || normal.startsWith("ssl-client-")) {
                found.put(name, values);
              }
            });
    return found;
  }

  private static Map<String, List<String>> certHeaderSpellings(RecordingBackend.Received r) {
    Map<String, List<String>> found = new TreeMap<>();
    r.headers()
        .forEach(
            (name, values) -> {
              if (name.toLowerCase(Locale.ROOT)
                  .replace('_', '-')
                  .replace('.', '-')
                  .equals("x-ssl-client-cert")) {
                found.put(name, values);
              }
            });
    return found;
  }

  /** One request straight to {@code sp} from a socket bound to {@code localAddress}. */
  private static String rawFrom(String localAddress, TestSpGate sp, String path, String header)
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", sp.port()), 5000);
      socket.setSoTimeout(10_000);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + sp.port()
              + "\r\n"
              + header
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
