package org.spgate.server.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.config.SpConfig;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read a configuration. */
final class ConfigFile {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "the spgate YAML configuration")
  @Nullable Path file;

  /** The loaded configuration; a missing option is a usage error. */
  SpConfig load() throws ConfigException {
    if (file == null) {
      throw new Main.UsageException("--config FILE is required");
    }
    return ConfigLoader.load(file);
  }
}
