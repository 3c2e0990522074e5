package org.spgate.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParentCommand;

/** {@code spgate version}: the jar's version and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() {
    for (String line : lines()) {
      main.out.println(line);
    }
    return Main.OK;
  }

  static String[] lines() {
    return new String[] {
      "spgate " + Main.version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** The text of {@code spgate --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
