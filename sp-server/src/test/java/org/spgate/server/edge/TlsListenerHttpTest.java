package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.config.ConfigException;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * The TLS listener: HTTPS from a PEM chain and key, HTTP/1.1 and HTTP/2 through the proxy, TLS 1.2+
 * with forward-secret AEAD suites only, no plain HTTP on the TLS port, HSTS, the certificate
 * reloaded while running, and start-up refused for a key that is not the certificate's.
 */
class TlsListenerHttpTest {

  @TempDir static Path dir;
  static TestPki pki;
  static TestSpGate sp;
  static Path certFile;
  static Path keyFile;
  static int redirectPort;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki("spgate test CA");
    certFile = dir.resolve("chain.pem");
    keyFile = dir.resolve("key.pem");
    TestPki.Issued server = pki.issue("CN=sp.test", "RSA");
    server.write(certFile, keyFile, pki.ca.certificate());
    server.writeTraditionalKey(keyFile);
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      redirectPort = socket.getLocalPort();
    }
    sp =
        TestSpGate.tls(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: none}",
            "{cert: "
                + certFile
                + ", key: "
                + keyFile
                + ", reloadInterval: 1s, hstsMaxAge: 180d, redirectHttpFrom: 127.0.0.1:"
                + redirectPort
                + "}");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  private static HttpClient client(HttpClient.Version version) throws Exception {
    return HttpClient.newBuilder()
        .version(version)
        .sslContext(pki.clientContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(sp.url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpsRequestOverHttp11WhenSentThenProxiedWithHsts() throws Exception {
    HttpResponse<String> response = get(client(HttpClient.Version.HTTP_1_1), "/app?x=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.headers().firstValue("Strict-Transport-Security"))
        .hasValue("max-age=15552000");
    assertThat(sp.backend.take().uri()).isEqualTo("/app?x=1");
  }

  @Test
  void httpsRequestOverHttp2WhenNegotiatedThenProxiedToHttp11Backend() throws Exception {
    HttpResponse<String> response = get(client(HttpClient.Version.HTTP_2), "/h2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(sp.backend.take().uri()).isEqualTo("/h2");
  }

  @Test
  void plainListenerWhenRequestedThenRedirectsToPublicUrlWhateverTheHost() throws Exception {
    HttpClient plain = HttpClient.newHttpClient();
    HttpResponse<String> get =
        plain.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort + "/a/b?c=d"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> post =
        plain.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort + "/form"))
                .POST(HttpRequest.BodyPublishers.ofString("x=1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String forgedHost;
    try (Socket socket = new Socket("127.0.0.1", redirectPort)) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              "GET /x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      forgedHost = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    assertThat(get.statusCode()).isEqualTo(301);
    assertThat(get.headers().firstValue("Location")).hasValue(sp.url("/a/b?c=d"));
    assertThat(post.statusCode()).isEqualTo(308);
    assertThat(post.headers().firstValue("Location")).hasValue(sp.url("/form"));
    assertThat(forgedHost).contains("Location: " + sp.url("/x")).doesNotContain("evil.example");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void tls12WithForwardSecretGcmSuiteWhenOfferedThenAccepted() throws Exception {
    assertThat(serverAnswer(0x0303, 0xC02F)).isEqualTo(RECORD_HANDSHAKE);
  }

  @Test
  void tls11WhenOfferedThenRefused() throws Exception {
    // The same hello as the accepted TLS 1.2 one above, but for TLS 1.1 (RFC 8996 deprecates it).
    assertThat(serverAnswer(0x0302, 0xC02F)).isNotEqualTo(RECORD_HANDSHAKE);
    assertThat(serverAnswer(0x0302, 0xC013)).isNotEqualTo(RECORD_HANDSHAKE);
  }

  @Test
  void tls12WithoutForwardSecrecyWhenOfferedThenRefused() throws Exception {
    // TLS_RSA_WITH_AES_128_GCM_SHA256: enabled by the JDK's default server, not by spgate.
    assertThat(serverAnswer(0x0303, 0x009C)).isNotEqualTo(RECORD_HANDSHAKE);
    // A JDK client limited to that suite cannot connect either.
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(pki.clientContext())
            .sslParameters(
                new SSLParameters(
                    new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"}))
            .build();
    assertThatThrownBy(() -> get(client, "/")).hasRootCauseInstanceOf(SSLHandshakeException.class);
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void plainHttpOnTlsPortWhenSentThenNoHttpResponseAndNothingProxied() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sp.port())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] answer = socket.getInputStream().readNBytes(5);
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP");
    }
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void certificateFilesWhenReplacedThenNewConnectionsGetTheNewCertificate() throws Exception {
    BigInteger before = peerSerial();
    // Same key type, so that the suite tests above hold in any order.
    TestPki.Issued renewed = pki.issue("CN=sp.test renewed", "RSA");
    Path newCert = dir.resolve("new-chain.pem");
    Path newKey = dir.resolve("new-key.pem");
    renewed.write(newCert, newKey, pki.ca.certificate());
    // Replace both files atomically, as certbot's deploy hooks do.
    Files.move(newKey, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.move(newCert, certFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    BigInteger after = before;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (after.equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = peerSerial();
    }
    assertThat(before).isNotEqualTo(renewed.certificate().getSerialNumber());
    assertThat(after).isEqualTo(renewed.certificate().getSerialNumber());
  }

  @Test
  void ecKeyInPkcs8WhenConfiguredThenServedOverHttp2(@TempDir Path other) throws Exception {
    Path cert = other.resolve("ec-chain.pem");
    Path key = other.resolve("ec-key.pem");
    TestPki.Issued ec = pki.issue("CN=sp.test ec", "EC");
    ec.write(cert, key, pki.ca.certificate());
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    try (TestSpGate ecSp =
        TestSpGate.tls(
            other,
            "  - {path: /, backend: \"BACKEND\", auth: none}",
            "{cert: " + cert + ", key: " + key + "}")) {
      HttpResponse<String> response =
          client(HttpClient.Version.HTTP_2)
              .send(
                  HttpRequest.newBuilder(URI.create(ecSp.url("/ec"))).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
      assertThat(
              ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
                  .getSerialNumber())
          .isEqualTo(ec.certificate().getSerialNumber());
      assertThat(ecSp.backend.take().uri()).isEqualTo("/ec");
    }
  }

  @Test
  void keyOfAnotherCertificateWhenConfiguredThenStartRefusedNamingTheKeyFile(@TempDir Path other)
      throws Exception {
    Path cert = other.resolve("cert.pem");
    Path key = other.resolve("key.pem");
    pki.issue("CN=one", "RSA").write(cert, other.resolve("unused.pem"));
    pki.issue("CN=two", "RSA").write(other.resolve("unused2.pem"), key);

    assertThatThrownBy(
            () ->
                TestSpGate.tls(
                    other,
                    "  - {path: /, backend: \"BACKEND\", auth: none}",
                    "{cert: " + cert + ", key: " + key + "}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("does not belong");
  }

  @Test
  void certificateFileWithoutCertificateWhenConfiguredThenStartRefusedNamingTheFile(
      @TempDir Path other) throws Exception {
    Path cert = other.resolve("cert.pem");
    Path key = other.resolve("key.pem");
    pki.issue("CN=one", "EC").write(other.resolve("unused.pem"), key);
    Files.writeString(cert, Files.readString(key));

    assertThatThrownBy(
            () ->
                TestSpGate.tls(
                    other,
                    "  - {path: /, backend: \"BACKEND\", auth: none}",
                    "{cert: " + cert + ", key: " + key + "}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(cert.toString())
        .hasMessageContaining("expected only PEM certificates");
  }

  private static BigInteger peerSerial() throws Exception {
    HttpResponse<String> response = get(client(HttpClient.Version.HTTP_1_1), "/serial");
    sp.backend.clear();
    X509Certificate peer =
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return peer.getSerialNumber();
  }

  private static final int RECORD_HANDSHAKE = 0x16;

  /**
   * Sends a hand-made ClientHello for {@code version} offering only {@code suite} and returns the
   * type of the first record the server answers with: 0x16 (handshake: a ServerHello), 0x15 (an
   * alert) or -1 (closed). Hand-made because the JDK client itself refuses to offer TLS 1.1.
   */
  private static int serverAnswer(int version, int suite) throws Exception {
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    DataOutputStream ext = new DataOutputStream(extensions);
    ext.writeShort(0x000a); // supported_groups: x25519, secp256r1
    ext.writeShort(6);
    ext.writeShort(4);
    ext.writeShort(0x001d);
    ext.writeShort(0x0017);
    ext.writeShort(0x000b); // ec_point_formats: uncompressed
    ext.writeShort(2);
    ext.writeByte(1);
    ext.writeByte(0);
    ext.writeShort(0x000d); // signature_algorithms
    ext.writeShort(8);
    ext.writeShort(6);
    ext.writeShort(0x0804); // rsa_pss_rsae_sha256
    ext.writeShort(0x0401); // rsa_pkcs1_sha256
    ext.writeShort(0x0403); // ecdsa_secp256r1_sha256

    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    DataOutputStream body = new DataOutputStream(hello);
    body.writeShort(version);
    body.write(new byte[32]); // random
    body.writeByte(0); // session id
    body.writeShort(2);
    body.writeShort(suite);
    body.writeByte(1); // compression: null
    body.writeByte(0);
    body.writeShort(extensions.size());
    body.write(extensions.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(record);
    out.writeByte(RECORD_HANDSHAKE);
    out.writeShort(0x0301);
    out.writeShort(hello.size() + 4);
    out.writeByte(1); // client_hello
    out.writeByte(0);
    out.writeShort(hello.size());
    out.write(hello.toByteArray());

    try (Socket socket = new Socket("127.0.0.1", sp.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(record.toByteArray());
      InputStream in = socket.getInputStream();
      try {
        return in.read();
      } catch (java.net.SocketException e) {
        return -1;
      }
    }
  }
}
