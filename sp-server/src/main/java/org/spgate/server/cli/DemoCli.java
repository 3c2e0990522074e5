package org.spgate.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code demo} command line. It only forwards its options to {@link DemoCommand}, the one class
 * allowed to start the development IdP (ArchitectureTest), so this class never touches it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Try spgate: spgate + a development IdP + an echo backend, on this machine.",
      "DEVELOPMENT ONLY: the IdP signs anything for its test users."
    })
final class DemoCli implements Callable<Integer> {

  @ParentCommand Main main;

  @Option(names = "--port", description = "spgate's port (default 8080; 0 picks a free one)")
  @Nullable Integer port;

  @Option(names = "--host", paramLabel = "ADDR", description = "listen address (default 127.0.0.1)")
  @Nullable String host;

  @Option(names = "--users", paramLabel = "FILE", description = "YAML file of test users")
  @Nullable Path users;

  @Option(
      names = "--backend",
      paramLabel = "URL",
      description = "an http:// backend instead of the built-in echo page")
  @Nullable String backend;

  @Option(
      names = "--allow-non-loopback",
      description = "let --host be a non-loopback address (a LAN demo)")
  boolean allowNonLoopback;

  @Override
  public Integer call() throws ConfigException, IOException {
    List<String> args = new ArrayList<>();
    add(args, "--port", port == null ? null : port.toString());
    add(args, "--host", host);
    add(args, "--users", users == null ? null : users.toString());
    add(args, "--backend", backend);
    if (allowNonLoopback) {
      args.add("--allow-non-loopback");
    }
    return DemoCommand.run(args, main.out, main.err);
  }

  private static void add(List<String> args, String name, @Nullable String value) {
    if (value != null) {
      args.add(name);
      args.add(value);
    }
  }
}
