package org.spgate.server.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code spgate demo}: placeholder until the development IdP lands. */
final class DemoCommand {

  private DemoCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    err.println("spgate: demo is not available in this build");
    return Main.FAILED;
  }
}
