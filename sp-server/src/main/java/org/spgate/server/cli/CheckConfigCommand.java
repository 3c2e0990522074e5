package org.spgate.server.cli;

import java.util.concurrent.Callable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.SpConfig;
import org.spgate.server.SpRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code spgate check-config}: loads the configuration and everything it names (keys, metadata,
 * attribute map) as {@code serve} would, and lists every problem at once.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and the files it names, then exit.",
      "Every problem is listed at once as file:line: key: what is expected."
    })
final class CheckConfigCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Mixin ConfigFile config;

  @Override
  public Integer call() throws ConfigException {
    SpConfig loaded = config.load();
    SpRuntime.create(loaded);
    main.out.println("configuration OK: " + loaded.configFile());
    return Main.OK;
  }
}
