package org.spgate.server.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the configuration (the convention of nginx, Apache and most daemons). The signal
 * thread only starts the reload on a thread of its own, as {@code lifecycle.TermSignals} does for a
 * stop.
 */
public final class HangupSignal {

  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

  private HangupSignal() {}

  /**
   * Handles HUP with {@code reload} for the rest of the process's life; where the JVM does not let
   * it be handled, logs that reloading needs a restart instead: with {@code -Xrs}, and when the
   * process was started with HUP ignored ({@code nohup}, some supervisors), which the JVM keeps
   * ignored without an error — the old handler it returns is then {@code SIG_IGN}.
   */
  public static void install(ConfigReload reload) {
    try {
      SignalHandler before =
          Signal.handle(
              new Signal("HUP"),
              signal -> {
                LOG.info("SIGHUP: reloading the configuration");
                reload.reloadInBackground();
              });
      if (before == SignalHandler.SIG_IGN) {
        LOG.warn(
            "SIGHUP was ignored when spgate started (nohup?) and stays ignored: 'kill -HUP' will"
                + " not reload the configuration; start spgate without nohup, or restart it to"
                + " apply changes");
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("cannot handle SIGHUP ({}); configuration changes need a restart", e.getMessage());
    }
  }
}
