package org.spgate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.config.SpConfig;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.devidp.server.DevIdp;
import org.spgate.devidp.server.DevIdpServer;
import org.spgate.devidp.server.DevUser;
import org.spgate.devidp.server.DevUsers;
import org.spgate.server.SpRuntime;
import org.spgate.server.SpServer;

/**
 * {@code spgate demo}: spgate in front of the {@link EchoBackend}, trusting a {@link DevIdp}, all
 * on this machine. The SP is configured from YAML text through {@link ConfigLoader#parse}, the same
 * path a production configuration takes.
 *
 * <pre>
 * spgate demo [--port N] [--users FILE] [--backend http://HOST:PORT] [--host ADDR
 *             [--allow-non-loopback]]
 * </pre>
 *
 * Once everything listens it prints a banner and, last, the machine-readable line {@code spgate
 * demo ready: http://127.0.0.1:N} for scripts that start the demo as a process.
 */
final class DemoCommand {

  static final String READY = "spgate demo ready: ";
  static final String ATTRIBUTE_MAP = "attribute-maps/attribute-map.xml";

  private DemoCommand() {}

  /** The command line of {@code demo}. */
  record Options(
      String host,
      int port,
      boolean allowNonLoopback,
      @Nullable Path usersFile,
      @Nullable String backend) {

    static Options parse(List<String> args) {
      List<String> rest = new ArrayList<>(args);
      String port = take(rest, "--port");
      String host = take(rest, "--host");
      String users = take(rest, "--users");
      String backend = take(rest, "--backend");
      if (backend != null && !backend.startsWith("http://")) {
        throw new Main.UsageException("--backend needs an http:// URL, got '" + backend + "'");
      }
      boolean allow = rest.remove("--allow-non-loopback");
      if (!rest.isEmpty()) {
        throw new Main.UsageException("demo: unexpected " + rest);
      }
      int number;
      try {
        number = port == null ? 8080 : Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new Main.UsageException("--port needs a number, got '" + port + "'");
      }
      if (number < 0 || number > 65535) {
        throw new Main.UsageException("--port must be 0..65535, got " + number);
      }
      return new Options(
          host == null ? "127.0.0.1" : host,
          number,
          allow,
          users == null ? null : Path.of(users),
          backend);
    }

    private static @Nullable String take(List<String> args, String name) {
      String value = Main.option(args, name);
      if (value != null) {
        int i = args.indexOf(name);
        args.remove(i + 1);
        args.remove(i);
      }
      return value;
    }
  }

  /** The three running servers and the temporary directory holding metadata and config. */
  static final class Demo implements AutoCloseable {
    final @Nullable EchoBackend backend;
    final DevIdp idp;
    final SpServer.Running sp;
    final String url;
    final Path dir;

    private Demo(
        @Nullable EchoBackend backend, DevIdp idp, SpServer.Running sp, String url, Path dir) {
      this.backend = backend;
      this.idp = idp;
      this.sp = sp;
      this.url = url;
      this.dir = dir;
    }

    @Override
    public void close() {
      sp.close();
      idp.close();
      if (backend != null) {
        backend.close();
      }
      deleteTree(dir);
    }
  }

  /** Runs {@code demo}: starts everything, prints the banner; returns while serving. */
  static int run(List<String> args, PrintStream out, PrintStream err)
      throws ConfigException, IOException {
    Options options = Options.parse(args);
    long begin = System.nanoTime();
    List<DevUser> users;
    try {
      users =
          options.usersFile() == null ? DevUsers.defaults() : DevUsers.load(options.usersFile());
    } catch (IOException e) {
      err.println("spgate demo: users file: " + e.getMessage());
      return Main.BAD_CONFIG;
    }
    Demo demo;
    try {
      demo = start(options, users);
      LoggerFactory.getLogger("spgate")
          .info("demo started in {} ms", (System.nanoTime() - begin) / 1_000_000);
    } catch (DevIdpServer.NotLoopbackException e) {
      err.println("spgate demo: " + e.getMessage());
      return Main.BAD_CONFIG;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "spgate-demo-shutdown"));
    announce(demo, out);
    return Main.OK;
  }

  /** Prints the banner, then the ready line scripts wait for. */
  static void announce(Demo demo, PrintStream out) {
    out.print(banner(demo));
    out.println(READY + demo.url);
    out.flush();
  }

  /** Starts backend, IdP and spgate; on failure nothing is left running. */
  static Demo start(Options options, List<DevUser> users) throws ConfigException, IOException {
    int port = options.port() != 0 ? options.port() : freePort(options.host());
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    String base = "http://" + host + ":" + port;
    String entityId = base + "/shibboleth";
    String acsUrl = base + "/Shibboleth.sso/SAML2/POST";
    Path dir = Files.createTempDirectory("spgate-demo-");
    List<AutoCloseable> started = new ArrayList<>();
    // RSA key generation dominates start-up: make spgate's key while the IdP makes its own.
    CompletableFuture<SpCredential> spKey = CompletableFuture.supplyAsync(() -> newKey("spgate"));
    try {
      // The IdP checks spgate's logout messages with spgate's certificate: the SP key is needed
      // before the IdP starts (the IdP's own key is made meanwhile OpenSAML initialises).
      DevIdp idp =
          DevIdp.start(
              new DevIdp.Settings(
                  entityId,
                  acsUrl,
                  options.host(),
                  options.allowNonLoopback(),
                  users,
                  base + "/Shibboleth.sso/SLO/Redirect",
                  spKey.join().certificate()),
              dir);
      started.add(idp);
      // The built-in echo page, unless the user brings a backend (e.g. examples/flask).
      EchoBackend backend = options.backend() == null ? EchoBackend.start("/Shibboleth.sso") : null;
      if (backend != null) {
        started.add(backend);
      }
      String backendUrl = backend != null ? backend.url() : options.backend();
      Path cert = dir.resolve("sp-cert.pem");
      PemFiles.write(spKey.join(), cert, dir.resolve("sp-key.pem"));
      String yaml =
          config(
              new Sp(options.host(), port, base, cert, dir.resolve("sp-key.pem")),
              idp.metadata(),
              attributeMap(dir),
              backendUrl);
      Path file = dir.resolve("spgate.yaml");
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      SpConfig config = ConfigLoader.parse(yaml, file);
      SpServer.Running sp = startSp(config, port);
      return new Demo(backend, idp, sp, base, dir);
    } catch (ConfigException | IOException | RuntimeException e) {
      for (AutoCloseable server : started) {
        closeQuietly(server);
      }
      deleteTree(dir);
      throw e;
    }
  }

  private static SpServer.Running startSp(SpConfig config, int port) throws ConfigException {
    SpRuntime runtime = SpRuntime.create(config);
    try {
      return SpServer.start(runtime);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot listen on port " + port + " (in use? try" + " --port N): " + e.getMessage(), e);
    }
  }

  /** Where the demo's spgate listens and the key it signs AuthnRequests with. */
  record Sp(String host, int port, String base, Path cert, Path key) {}

  /** The demo's spgate configuration: {@code /login} needs a session, {@code /} does not. */
  static String config(Sp sp, Path idpMetadata, Path attributeMap, String backend) {
    String listen =
        sp.host().contains(":") ? "[" + sp.host() + "]:" + sp.port() : sp.host() + ":" + sp.port();
    return "# Written by 'spgate demo'; the same keys as examples/spgate.yaml.\n"
        + "listen: \""
        + listen
        + "\"\n"
        + "publicUrl: \""
        + sp.base()
        + "\"\n"
        + "entityId: \""
        + sp.base()
        + "/shibboleth\"\n"
        + "credentials:\n  - cert: "
        + quote(sp.cert())
        + "\n    key: "
        + quote(sp.key())
        + "\n"
        + "idp:\n  metadata: ["
        + quote(idpMetadata)
        + "]\n"
        + "attributeMap: "
        + quote(attributeMap)
        + "\n"
        + "cookie:\n  secure: false   # plain http on loopback; never in production\n"
        + "routes:\n"
        + "  - {path: /login, backend: \""
        + backend
        + "\", auth: required}\n"
        + "  - {path: /, backend: \""
        + backend
        + "\", auth: optional}\n";
  }

  /** The shipped map next to the working directory, else the copy inside the jar. */
  static Path attributeMap(Path dir) throws IOException {
    Path shipped = Path.of(ATTRIBUTE_MAP).toAbsolutePath();
    if (Files.isRegularFile(shipped)) {
      return shipped;
    }
    Path extracted = dir.resolve("attribute-map.xml");
    try (InputStream in = DemoCommand.class.getResourceAsStream("attribute-map.xml")) {
      if (in == null) {
        throw new IOException("no " + ATTRIBUTE_MAP + " here and none inside the jar");
      }
      Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
    }
    return extracted;
  }

  static String banner(Demo demo) {
    StringBuilder text =
        new StringBuilder()
            .append("\nspgate demo: spgate + development IdP + echo backend, on this machine\n\n")
            .append("  Open ")
            .append(demo.url)
            .append("/login   (")
            .append(demo.url)
            .append("/ is public)\n\n  Test users (username / password):\n");
    for (DevUser user : demo.idp.server().users()) {
      text.append(
          String.format(
              Locale.ROOT,
              "    %-20s %s%n",
              user.username() + " / " + user.password(),
              user.displayName()));
    }
    return text.append("\n  Development IdP ")
        .append(demo.idp.server().baseUrl())
        .append(" (DEVELOPMENT ONLY, never in production)\n  Configuration   ")
        .append(demo.dir.resolve("spgate.yaml"))
        .append("\n\nCtrl-C to stop.\n")
        .toString();
  }

  private static SpCredential newKey(String commonName) {
    Instant now = Instant.now();
    return KeyPairs.selfSigned(
        commonName, 2048, now.minus(Duration.ofDays(1)), Duration.ofDays(365));
  }

  private static String quote(Path path) {
    return "\""
        + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"";
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      // Already failing; the original exception is the one to report.
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
