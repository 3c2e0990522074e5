package org.spgate.server.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local HTTPS server (the JDK's) serving one metadata document, with a certificate of a CA made
 * for the test; the document can be changed between fetches and the server stopped.
 */
public final class MetadataServer implements AutoCloseable {

  private final HttpsServer server;
  private volatile byte[] document = new byte[0];

  /** Starts on a free loopback port; {@code caFile} receives the CA certificate (PEM). */
  public MetadataServer(Path caFile) throws Exception {
    TestPki pki = new TestPki("metadata test CA");
    TestPki.Issued tls = pki.issue("CN=127.0.0.1", "RSA");
    java.nio.file.Files.writeString(caFile, TestPki.pem(pki.ca.certificate()));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "tls",
        tls.key(),
        new char[0],
        new X509Certificate[] {tls.certificate(), pki.ca.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext(
        "/metadata.xml",
        exchange -> {
          byte[] body = document;
          exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  /** The URL of the document. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/metadata.xml";
  }

  /** Serves {@code xml} from now on. */
  public void serve(byte[] xml) {
    document = xml;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
