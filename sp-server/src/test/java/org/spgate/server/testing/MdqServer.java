package org.spgate.server.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local Metadata Query responder over HTTPS (the JDK's server, a CA made for the test): it serves
 * a document per request path under {@code /mdq/entities/} and answers 404 for any other, and
 * counts the requests per path.
 */
public final class MdqServer implements AutoCloseable {

  private final HttpsServer server;
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  /** Starts on a free loopback port; {@code caFile} receives the CA certificate (PEM). */
  public MdqServer(Path caFile) throws Exception {
    TestPki pki = new TestPki("mdq test CA");
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
        "/mdq/entities/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          byte[] body = documents.get(path);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  /** The responder's base URL (configured as {@code mdq}). */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/mdq/";
  }

  /** Serves {@code xml} at the raw request path {@code path} from now on. */
  public void serve(String path, byte[] xml) {
    documents.put(path, xml);
  }

  /** How many requests reached {@code path}. */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** How many requests reached the responder at all. */
  public int hits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
