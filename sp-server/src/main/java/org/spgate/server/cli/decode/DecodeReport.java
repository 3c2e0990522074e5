package org.spgate.server.cli.decode;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.server.SpRuntime;
import org.spgate.server.cli.decode.PipelineSteps.Step;

/**
 * Runs a captured message through the real consumer of a runtime built from the configuration (at
 * the instant its clock is fixed to) and prints each check as passed, failed or not reached.
 *
 * <p>Offline, two checks cannot be what they are on the server: the login the message answers was
 * recorded by the running spgate, so the one named by InResponseTo/wctx is registered here first
 * (the report says so); and the replay cache is empty, so a replay is never reported.
 */
public final class DecodeReport {

  private DecodeReport() {}

  /**
   * Prints the report to {@code out}.
   *
   * @return the rejection, or null when every check passed
   */
  public static @Nullable Rejection run(
      CapturedMessage message, SpRuntime runtime, Instant at, boolean showXml, PrintStream out) {
    DecodedXml xml = DecodedXml.of(message);
    out.println("message: " + message.protocol().label() + " (" + message.source() + ")");
    if (showXml) {
      out.println();
      out.println(xml.pretty());
      out.println();
    }
    Optional<String> note = registerAnsweredLogin(message, xml, runtime.pendingLogins());
    out.println("checks at " + at + " against " + runtime.config().configFile() + " (no network):");
    Rejection rejection = consume(message, runtime);
    List<Step> steps = PipelineSteps.of(message.protocol());
    int failed =
        rejection == null
            ? steps.size()
            : PipelineSteps.failedAt(
                message.protocol(), rejection.reason(), String.valueOf(rejection.getMessage()));
    for (int i = 0; i < steps.size(); i++) {
      String name = steps.get(i).name();
      if (i < failed) {
        out.println("  pass  " + name);
      } else if (i == failed && rejection != null) {
        out.println(
            "  FAIL  " + name + ": " + rejection.reason().code() + " " + rejection.reason());
        out.println("        " + rejection.getMessage());
        out.println("        what to change: " + ReasonHints.of(rejection.reason()));
      } else {
        out.println("  --    " + name + " (not reached)");
      }
    }
    note.ifPresent(text -> out.println("note: " + text));
    out.println(
        rejection == null
            ? "result: accepted"
            : "result: refused with "
                + rejection.reason().code()
                + " ("
                + rejection.reason()
                + ")");
    return rejection;
  }

  private static @Nullable Rejection consume(CapturedMessage message, SpRuntime runtime) {
    try {
      if (message.protocol() == CapturedMessage.Protocol.SAML2) {
        runtime.saml2Consumer().consume(message.fields());
      } else {
        runtime.wsFedConsumer().consume(message.wa(), message.fields(), message.context());
      }
      return null;
    } catch (Rejection e) {
      return e;
    }
  }

  /** Registers the login the message answers, as the running server would have it. */
  private static Optional<String> registerAnsweredLogin(
      CapturedMessage message, DecodedXml xml, PendingLogins pending) {
    Optional<String> issuer = xml.issuer();
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    if (message.protocol() == CapturedMessage.Protocol.SAML2) {
      return xml.inResponseTo()
          .map(
              id -> {
                pending.put(new PendingLogin(id, "/", issuer.get(), Protocol.SAML2));
                return "InResponseTo "
                    + id
                    + " was taken as a login this SP started (only the running server knows)";
              });
    }
    String wctx = message.context();
    return (wctx == null ? Optional.<String>empty() : PendingLogins.requestIdOf(wctx))
        .map(
            id -> {
              pending.put(new PendingLogin(id, "/", issuer.get(), Protocol.WSFED));
              return "wctx request "
                  + id
                  + " was taken as a login this SP started (only the running server knows)";
            });
  }
}
