package org.spgate.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.config.SpConfig;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.server.SpRuntime;
import org.spgate.server.SpServer;
import org.xnio.XnioWorker;

/**
 * The {@code spgate} command line.
 *
 * <pre>
 * java -jar spgate.jar [serve] --config FILE      run the SP (default command)
 * java -jar spgate.jar check-config --config FILE validate configuration and XML files, then exit
 * java -jar spgate.jar metadata --config FILE [--out FILE]   print or write the SP metadata
 * java -jar spgate.jar keygen --cn HOST [--out-dir DIR]      write sp-cert.pem and sp-key.pem
 * java -jar spgate.jar self-test --config FILE    start on a loopback port, request the endpoints
 * java -jar spgate.jar demo [--port N] [--users FILE] [--backend URL] [--host ADDR [--allow-non-loopback]]
 *                                                 SP + development IdP + echo backend, loopback
 * </pre>
 *
 * Configuration mistakes print every problem (file:line: key: expected) and exit with 2.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_CONFIG = 2;

  private Main() {}

  public static void main(String[] args) {
    if (needsOpenSaml(args)) {
      // Logging first, on this thread: slf4j gives a thread that logs while another one is
      // initialising it a substitute logger, and replays those events with a warning.
      LoggerFactory.getILoggerFactory();
      // About a second of class loading: overlap it with reading the configuration and keys.
      OpenSaml.initInBackground();
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int code = run(args, System.out, System.err);
    if (code != OK || !isServing(args)) {
      System.exit(code);
    }
  }

  /** Runs a command; returns the exit code (a serving command returns once started). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    String command = list.isEmpty() || list.get(0).startsWith("--") ? "serve" : list.remove(0);
    try {
      return switch (command) {
        case "serve" -> serve(config(list, err), err);
        case "check-config" -> checkConfig(config(list, err), out);
        case "metadata" -> metadata(config(list, err), option(list, "--out"), out);
        case "keygen" -> keygen(list, out);
        case "demo" -> DemoCommand.run(list, out, err);
        case "self-test" -> SelfTestCommand.run(config(list, err), out);
        case "help", "--help", "-h" -> usage(out, OK);
        default -> {
          err.println("spgate: unknown command '" + command + "'");
          yield usage(err, BAD_CONFIG);
        }
      };
    } catch (ConfigException e) {
      err.println("spgate: " + e.getMessage());
      return BAD_CONFIG;
    } catch (UsageException e) {
      err.println("spgate: " + e.getMessage());
      return usage(err, BAD_CONFIG);
    } catch (IOException | RuntimeException e) {
      err.println("spgate: " + e);
      return FAILED;
    }
  }

  private static boolean needsOpenSaml(String[] args) {
    return isServing(args)
        || args[0].equals("check-config")
        || args[0].equals("metadata")
        || args[0].equals("self-test");
  }

  private static boolean isServing(String[] args) {
    return args.length == 0
        || args[0].startsWith("--")
        || args[0].equals("serve")
        || args[0].equals("demo");
  }

  private static SpConfig config(List<String> args, PrintStream err) throws ConfigException {
    String file = option(args, "--config");
    if (file == null && !args.isEmpty() && !args.get(0).startsWith("--")) {
      file = args.get(0);
    }
    if (file == null) {
      throw new UsageException("--config FILE is required (or run 'spgate demo' to try it)");
    }
    return ConfigLoader.load(Path.of(file));
  }

  private static int serve(SpConfig config, PrintStream err) throws ConfigException {
    long started = System.nanoTime();
    SpServer.Running server = start(config);
    Logger log = LoggerFactory.getLogger("spgate");
    log.info(
        "spgate {} listening on {}:{} as {} (entityID {}), {} route(s), started in {} ms",
        version(),
        config.listen().getHostString(),
        server.port(),
        config.publicUrl(),
        config.entityId(),
        config.routes().size(),
        (System.nanoTime() - started) / 1_000_000);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "spgate-shutdown"));
    return OK;
  }

  /** Builds the runtime and starts the server for {@code config}, as {@code serve} does. */
  static SpServer.Running start(SpConfig config) throws ConfigException {
    // Start the server's threads while OpenSAML initialises; the socket opens once all is ready.
    XnioWorker worker = SpServer.newWorker();
    SpRuntime runtime;
    try {
      runtime = SpRuntime.create(config);
    } catch (ConfigException | RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
    return SpServer.start(runtime, worker);
  }

  private static int checkConfig(SpConfig config, PrintStream out) throws ConfigException {
    SpRuntime.create(config);
    out.println("configuration OK: " + config.configFile());
    return OK;
  }

  private static int metadata(SpConfig config, String outFile, PrintStream out)
      throws ConfigException, IOException {
    String xml = SpRuntime.create(config).spMetadata();
    if (outFile == null) {
      out.print(xml);
    } else {
      Files.writeString(Path.of(outFile), xml, StandardCharsets.UTF_8);
      out.println("wrote SP metadata to " + outFile);
    }
    return OK;
  }

  private static int keygen(List<String> args, PrintStream out) throws IOException {
    String cn = option(args, "--cn");
    if (cn == null) {
      throw new UsageException("keygen needs --cn HOSTNAME");
    }
    String dir = option(args, "--out-dir");
    Path base = Path.of(dir == null ? "." : dir);
    if (Files.exists(base) && !Files.isDirectory(base)) {
      throw new UsageException("--out-dir " + base + " is a file; expected a directory");
    }
    if (!Files.exists(base)) {
      Files.createDirectories(base);
      out.println("created directory " + base);
    }
    Path cert = base.resolve("sp-cert.pem");
    Path key = base.resolve("sp-key.pem");
    if (Files.exists(cert) || Files.exists(key)) {
      throw new UsageException(cert + " or " + key + " exists; refusing to overwrite a key");
    }
    SpCredential credential = KeyPairs.selfSigned(cn, 3072, Instant.now(), Duration.ofDays(3650));
    PemFiles.write(credential, cert, key);
    out.println("wrote " + cert + " and " + key + " (RSA 3072, valid 10 years)");
    return OK;
  }

  private static int usage(PrintStream out, int code) {
    out.println(
        """
        usage: java -jar spgate.jar [command] [options]
          serve --config FILE            run spgate (the default command)
          check-config --config FILE     validate the configuration and exit
          metadata --config FILE [--out FILE]  print or write the SP metadata for your IdP
          keygen --cn HOST [--out-dir DIR]     create sp-cert.pem and sp-key.pem
          self-test --config FILE        start on a loopback port, request Status, Metadata
                                         and Login from itself, stop (bin/spgate's training run)
          demo [--port N] [--users FILE] try spgate with a built-in development IdP
               [--host ADDR --allow-non-loopback]  (default 127.0.0.1:8080; loopback only)""");
    return code;
  }

  static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size()) {
      throw new UsageException(name + " needs a value");
    }
    return args.get(i + 1);
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** A command line mistake. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
