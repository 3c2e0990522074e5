package org.spgate.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.ConfigException;
import org.spgate.server.shibimport.ShibbolethImport;
import org.spgate.server.shibimport.Untranslated;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code spgate import-shibboleth}: a Shibboleth SP configuration as spgate YAML. */
@Command(
    name = "import-shibboleth",
    mixinStandardHelpOptions = true,
    description = {
      "Translate a Shibboleth SP configuration into spgate YAML.",
      "Reads shibboleth2.xml (and the Apache files protecting paths with mod_shib)",
      "and writes the spgate configuration. Every element that cannot be translated is listed",
      "with the reason and a hint, on stderr and as comments at the top of the YAML.",
      "Relative file names are resolved against the directory of shibboleth2.xml."
    })
final class ImportShibbolethCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(paramLabel = "SHIBBOLETH2_XML", description = "the Shibboleth SP configuration")
  Path shibbolethXml;

  @Option(
      names = "--apache",
      paramLabel = "FILE",
      arity = "1..*",
      description = "Apache httpd files with <Location> blocks and ProxyPass (repeatable)")
  List<Path> apache = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write the YAML here (default stdout)")
  @Nullable Path out;

  @Override
  public Integer call() throws ConfigException, IOException {
    ShibbolethImport.Result result = ShibbolethImport.run(shibbolethXml, apache);
    if (out == null) {
      main.out.print(result.yaml());
    } else {
      if (Files.exists(out)) {
        throw new Main.UsageException(out + " exists; refusing to overwrite a configuration");
      }
      Files.writeString(out, result.yaml(), StandardCharsets.UTF_8);
      main.err.println("wrote " + out);
    }
    for (Untranslated item : result.untranslated()) {
      main.err.println("not imported: " + item);
    }
    main.err.println(
        result.untranslated().size()
            + " item(s) not imported; next: spgate check-config --config "
            + (out == null ? "FILE" : out));
    return Main.OK;
  }
}
