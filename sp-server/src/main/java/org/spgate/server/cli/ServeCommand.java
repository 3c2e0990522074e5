package org.spgate.server.cli;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.SpConfig;
import org.spgate.server.SpRuntime;
import org.spgate.server.SpServer;
import org.spgate.server.lifecycle.TermSignals;
import org.spgate.server.logging.LogFormat;
import org.spgate.server.reload.HangupSignal;
import org.xnio.XnioWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spgate serve}: runs spgate until the process is stopped (the default command). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run spgate (also what 'spgate --config FILE' does).")
final class ServeCommand implements Callable<Integer> {

  @Mixin ConfigFile config;

  @Override
  public Integer call() throws ConfigException {
    return serve(config.load());
  }

  static int serve(SpConfig config) throws ConfigException {
    long started = System.nanoTime();
    LogFormat.apply(config.logging());
    SpServer.Running server = start(config);
    Logger log = LoggerFactory.getLogger("spgate");
    log.info(
        "spgate {} listening on {}:{} as {} (entityID {}), {} route(s), started in {} ms",
        Main.version(),
        config.listen().getHostString(),
        server.port(),
        config.publicUrl(),
        config.entityId(),
        config.routes().size(),
        (System.nanoTime() - started) / 1_000_000);
    TermSignals.install(server::drainAndStop); // graceful stop on SIGTERM / SIGINT
    HangupSignal.install(server.reload()); // configuration reload on SIGHUP
    return Main.OK;
  }

  /** Builds the runtime and starts the server for {@code config}. */
  static SpServer.Running start(SpConfig config) throws ConfigException {
    // Start the server's threads while OpenSAML initialises; the socket opens once all is ready.
    XnioWorker worker = SpServer.newWorker();
    SpRuntime runtime;
    try {
      runtime = SpRuntime.create(config);
    } catch (ConfigException | RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
    return SpServer.start(runtime, worker);
  }
}
