package org.spgate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.SpConfig;
import org.spgate.server.SpServer;

/**
 * {@code spgate self-test}: starts spgate from the configuration exactly as {@code serve} does, but
 * on an ephemeral loopback port, requests the Status, Metadata and Login endpoints from itself,
 * checks the status codes and stops. Nothing is proxied: the backends are not contacted.
 *
 * <p>It proves that a configuration starts and answers, and it is the training run with which
 * {@code bin/spgate} records the classes a start-up and the first requests load (a class-data
 * archive or an AOT cache), so that later starts skip most of the class loading.
 */
final class SelfTestCommand {

  /** Path below the handler path, and the status code it must answer with. */
  private record Probe(String path, int status) {}

  private static final List<Probe> PROBES =
      List.of(new Probe("/Status", 200), new Probe("/Metadata", 200), new Probe("/Login", 302));

  private SelfTestCommand() {}

  static int run(SpConfig config, PrintStream out) throws ConfigException, IOException {
    SpConfig loopback =
        config.withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    List<String> answers = new ArrayList<>();
    boolean ok = true;
    try (SpServer.Running server = Main.start(loopback)) {
      String base =
          "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.port();
      for (Probe probe : PROBES) {
        String path = config.handlerPath() + probe.path();
        int status = get(URI.create(base + path));
        answers.add("GET " + path + " " + status);
        ok &= status == probe.status();
      }
    }
    out.println((ok ? "self-test OK: " : "self-test FAILED: ") + String.join(", ", answers));
    return ok ? Main.OK : Main.FAILED;
  }

  private static int get(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(30_000);
    try {
      int status = connection.getResponseCode();
      InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (body != null) {
        body.readAllBytes();
        body.close();
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }
}
