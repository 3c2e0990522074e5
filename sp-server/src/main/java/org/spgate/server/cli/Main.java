package org.spgate.server.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.spgate.core.config.ConfigException;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.server.SpServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code spgate} command line (picocli). {@code spgate --config FILE} alone is {@code serve};
 * every command has {@code --help}. Exit codes: 0 success, 1 a check failed (decode refused the
 * message, self-test saw a wrong status, an I/O error), 2 a usage or configuration mistake, with
 * every configuration problem listed as {@code file:line: key: expected}.
 */
@Command(
    name = "spgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "An authenticating reverse proxy and SAML 2.0 / WS-Federation service provider.",
      "With only --config FILE, runs 'serve'."
    },
    subcommands = {
      ServeCommand.class,
      CheckConfigCommand.class,
      MetadataCommand.class,
      KeygenCommand.class,
      SelfTestCli.class,
      DemoCli.class,
      DecodeCommand.class,
      ImportShibbolethCommand.class,
      VersionCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check failed (decode refused the message, self-test, I/O)",
      "2:usage or configuration error (every problem listed)"
    })
public final class Main implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_CONFIG = 2;

  /** Where commands print; the streams of the process, or a test's. */
  final PrintStream out;

  final PrintStream err;

  @Spec CommandSpec spec;

  @Mixin ConfigFile config;

  private Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

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
    return commandLine(out, err).execute(args);
  }

  /** The command tree printing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine line = new CommandLine(new Main(out, err));
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setExitCodeExceptionMapper(Main::exitCode);
    line.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          if (e instanceof UsageException) {
            err.println("spgate: " + e.getMessage());
            failed.usage(err);
          } else if (e instanceof ConfigException) {
            err.println("spgate: " + e.getMessage());
          } else {
            err.println("spgate: " + e);
          }
          return exitCode(e);
        });
    return line;
  }

  private static int exitCode(Throwable e) {
    if (e instanceof ConfigException
        || e instanceof UsageException
        || e instanceof CommandLine.ParameterException) {
      return BAD_CONFIG;
    }
    return FAILED;
  }

  /** {@code spgate --config FILE}: serve, as before subcommands existed. */
  @Override
  public Integer call() throws ConfigException {
    if (config.file == null) {
      throw new UsageException(
          "--config FILE is required (or run 'spgate demo' to try it, 'spgate --help' for more)");
    }
    return ServeCommand.serve(config.load());
  }

  private static boolean needsOpenSaml(String[] args) {
    return isServing(args)
        || args[0].equals("check-config")
        || args[0].equals("metadata")
        || args[0].equals("self-test")
        || args[0].equals("decode");
  }

  private static boolean isServing(String[] args) {
    if (args.length == 0) {
      return false;
    }
    boolean help = false;
    for (String arg : args) {
      help |= arg.equals("--help") || arg.equals("-h") || arg.equals("-V");
    }
    return !help
        && ((args[0].startsWith("--") && !args[0].equals("--version"))
            || args[0].equals("serve")
            || args[0].equals("demo"));
  }

  /** The started server for {@code config}, as {@code serve} does it. */
  static SpServer.Running start(org.spgate.core.config.SpConfig config) throws ConfigException {
    return ServeCommand.start(config);
  }

  /** The value after {@code name} in {@code args}, or null (the demo's own option reader). */
  static @Nullable String option(List<String> args, String name) {
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

  /** A command line mistake found after parsing (picocli reports the ones it finds itself). */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
