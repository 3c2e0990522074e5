package org.spgate.server.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code spgate completion}: prints a bash/zsh completion script generated from the command tree,
 * so it always matches this jar (nothing generated is kept in git).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash completion script for spgate.",
      "Install: spgate completion > /etc/bash_completion.d/spgate",
      "   or:   source <(spgate completion)"
    })
final class CompletionCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    main.out.print(AutoComplete.bash("spgate", spec.parent().commandLine()));
    return Main.OK;
  }
}
