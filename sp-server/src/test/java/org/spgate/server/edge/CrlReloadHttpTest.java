package org.spgate.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.LogLines;
import org.spgate.server.testing.TestPki;
import org.spgate.server.testing.TestSpGate;

/**
 * The client CRL is read again when its file changes, polled every {@code tls.reloadInterval} (one
 * second here) like the server certificate: a certificate revoked by the new CRL is refused within
 * that interval, also on a connection that was already open, without a restart; a new file that is
 * not a usable CRL is logged as an error naming it and the previous CRL stays in force.
 */
class CrlReloadHttpTest {

  @TempDir Path dir;
  TestPki pki;
  TestSpGate sp;
  TestPki.Issued alice;
  TestPki.Issued bob;
  Path crl;

  @BeforeEach
  void start() throws Exception {
    pki = new TestPki("client CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server-key.pem");
    pki.issue("CN=sp.test", "EC").write(cert, key);
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, TestPki.pem(pki.ca.certificate()));
    alice = pki.issue("CN=alice,O=Example", "EC");
    bob = pki.issue("CN=bob,O=Example", "EC");
    crl = dir.resolve("client-ca.crl");
    pki.writeCrl(crl);
    sp =
        TestSpGate.tls(
            dir,
            "  - {path: /required, backend: \"BACKEND\", auth: none, clientCert: required}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: none}",
            "{cert: "
                + cert
                + ", key: "
                + key
                + ", clientCa: "
                + ca
                + ", clientCrl: "
                + crl
                + ", reloadInterval: 1s}");
  }

  @AfterEach
  void stop() {
    if (sp != null) {
      sp.close();
    }
  }

  /** One client (one kept-alive connection, one TLS session) presenting {@code certificate}. */
  private HttpClient clientOf(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private int status(HttpClient client) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(sp.url("/required/x"))).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** Writes the file beside and moves it in place, as a CA's publishing job should. */
  private void replaceCrl(TestPki issuer, java.math.BigInteger... revoked) throws Exception {
    Path next = dir.resolve("next.crl");
    issuer.writeCrl(next, revoked);
    Files.move(next, crl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void replaceCrl(String text) throws Exception {
    Path next = dir.resolve("next.crl");
    Files.writeString(next, text, StandardCharsets.US_ASCII);
    Files.move(next, crl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The status once it is {@code expected}, or the last one after {@code within}. */
  private int awaitStatus(HttpClient client, int expected, Duration within) throws Exception {
    long until = System.nanoTime() + within.toNanos();
    int status = status(client);
    while (status != expected && System.nanoTime() < until) {
      Thread.sleep(100);
      status = status(client);
    }
    return status;
  }

  @Test
  void certificateRevokedByANewCrlFileThenRefusedWithinTheIntervalOnTheOpenConnection()
      throws Exception {
    HttpClient aliceClient = clientOf(pki.clientContext(alice));
    HttpClient bobClient = clientOf(pki.clientContext(bob));
    assertThat(status(aliceClient)).isEqualTo(200);
    assertThat(status(bobClient)).isEqualTo(200);

    long start = System.nanoTime();
    replaceCrl(pki, alice.certificate().getSerialNumber());
    int after = awaitStatus(aliceClient, 403, Duration.ofSeconds(10));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(after).isEqualTo(403);
    assertThat(took).isLessThan(Duration.ofSeconds(3)); // one 1 s interval, and slack
    assertThat(status(bobClient)).isEqualTo(200);
    assertThat(status(clientOf(pki.clientContext(alice)))).isEqualTo(403);
  }

  @Test
  void brokenOrForeignNewCrlFileThenLoggedAndThePreviousCrlStillUsed() throws Exception {
    HttpClient aliceClient = clientOf(pki.clientContext(alice));
    HttpClient bobClient = clientOf(pki.clientContext(bob));
    replaceCrl(pki, alice.certificate().getSerialNumber());
    assertThat(awaitStatus(aliceClient, 403, Duration.ofSeconds(10))).isEqualTo(403);

    try (LogLines log = LogLines.of(ClientCertVerifier.class.getName())) {
      replaceCrl("-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n");
      awaitLine(log, "not reloaded", Duration.ofSeconds(10));
      assertThat(log.countContaining(crl.toAbsolutePath() + " not reloaded")).isEqualTo(1);
      assertThat(status(aliceClient)).isEqualTo(403);
      assertThat(status(bobClient)).isEqualTo(200);

      // A CRL of another CA of the same name: the old CRL stays, not an empty one.
      log.reset();
      replaceCrl(new TestPki("client CA"));
      awaitLine(log, "not reloaded", Duration.ofSeconds(10));
      assertThat(log.countContaining("not signed by a CA of the client CA bundle")).isEqualTo(1);
      assertThat(status(clientOf(pki.clientContext(alice)))).isEqualTo(403);
      assertThat(status(bobClient)).isEqualTo(200);
    }
  }

  private static void awaitLine(LogLines log, String text, Duration within) throws Exception {
    long until = System.nanoTime() + within.toNanos();
    while (log.countContaining(text) == 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(log.lines()).anyMatch(line -> line.contains(text));
  }
}
