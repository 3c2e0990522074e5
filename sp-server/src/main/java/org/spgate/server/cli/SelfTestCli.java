package org.spgate.server.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.spgate.core.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** The {@code self-test} command line; {@link SelfTestCommand} does the work. */
@Command(
    name = "self-test",
    mixinStandardHelpOptions = true,
    description = {
      "Start on a loopback port, request the SP endpoints from itself, stop.",
      "Starts spgate on an ephemeral loopback port, requests Status, Metadata and Login from",
      "itself, checks the answers and stops (backends are not contacted): bin/spgate's",
      "training run for the class-data archive."
    })
final class SelfTestCli implements Callable<Integer> {

  @ParentCommand Main main;

  @Mixin ConfigFile config;

  @Override
  public Integer call() throws ConfigException, IOException {
    return SelfTestCommand.run(config.load(), main.out);
  }
}
