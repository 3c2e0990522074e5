package org.spgate.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.SpConfig;
import org.spgate.server.SpRuntime;
import org.spgate.server.cli.decode.CapturedMessage;
import org.spgate.server.cli.decode.CapturedMessages;
import org.spgate.server.cli.decode.DecodeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code spgate decode}: why a captured sign-in message was (or would be) refused. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Explain why a captured SAMLResponse or wresult is accepted or refused.",
      "Decodes a captured sign-in message and runs it through every check of the",
      "configuration's consumer, offline (no network).",
      "Prints the decoded XML, each check as pass, FAIL or not reached, and for a",
      "failure its SPG code and what to change. Exit 0 accepted, 1 refused.",
      "",
      "INPUT is a file holding one of: the raw XML (SAML 2.0 Response or WS-Fed",
      "RSTR), its base64 (the SAMLResponse field), a whole form body",
      "(SAMLResponse=...&RelayState=... or wa=...&wresult=...&wctx=...), or a HAR",
      "file saved from the browser (the POST to this SP's ACS or ADFS URL is",
      "taken). '-' reads standard input.",
      ""
    })
final class DecodeCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Mixin ConfigFile config;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description =
          "evaluate time checks at this instant (ISO-8601, e.g. 2026-01-31T09:15:00Z): when the"
              + " message was captured. Default: now.")
  @Nullable Instant at;

  @Option(names = "--no-xml", description = "do not print the decoded XML")
  boolean noXml;

  @Parameters(paramLabel = "INPUT", description = "the captured message (file, or - for stdin)")
  String input;

  @Override
  public Integer call() throws ConfigException, IOException {
    SpConfig loaded = config.load();
    String text =
        input.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(input), StandardCharsets.UTF_8);
    Instant when = at == null ? Instant.now() : at;
    SpRuntime runtime = SpRuntime.createOffline(loaded, Clock.fixed(when, ZoneOffset.UTC));
    CapturedMessage message;
    try {
      message = CapturedMessages.read(text, runtime.acsUrl(), runtime.adfsUrl());
    } catch (CapturedMessages.UnreadableInput e) {
      throw new Main.UsageException(input + ": " + e.getMessage());
    }
    Rejection rejection = DecodeReport.run(message, runtime, when, !noXml, main.out);
    return rejection == null ? Main.OK : Main.FAILED;
  }
}
