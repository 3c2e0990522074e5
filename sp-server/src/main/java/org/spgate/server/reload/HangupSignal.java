package org.spgate.server.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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
   * it be handled (e.g. {@code -Xrs}), logs that reloading needs a restart instead.
   */
  public static void install(ConfigReload reload) {
    try {
      Signal.handle(
          new Signal("HUP"),
          signal -> {
            LOG.info("SIGHUP: reloading the configuration");
            reload.reloadInBackground();
          });
    } catch (IllegalArgumentException e) {
      LOG.warn("cannot handle SIGHUP ({}); configuration changes need a restart", e.getMessage());
    }
  }
}
