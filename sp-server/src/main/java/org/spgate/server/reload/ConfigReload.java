package org.spgate.server.reload;

import io.undertow.server.HttpHandler;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigLoader;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.SpConfig;

/**
 * Reads the configuration file again and, if it is valid, swaps the reloadable part of the handler
 * chain; if it is not, the running configuration keeps serving and every problem is logged with
 * file, line and key. Reloads run one at a time, on the caller's thread ({@link #reload}: tests) or
 * on a thread of their own ({@link #reloadInBackground}: the signal), never on an I/O thread:
 * reading metadata and attribute maps is file I/O and XML parsing.
 */
public final class ConfigReload {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

  /** Builds the reloadable chain for a merged configuration. */
  public interface Rebuild {
    /**
     * The chain for {@code merged}.
     *
     * @throws ConfigException if a file the configuration names (metadata, attribute map) cannot be
     *     used
     */
    HttpHandler build(SpConfig merged) throws ConfigException;
  }

  /** What a reload did. */
  public enum Outcome {
    /** The new configuration serves from now on. */
    APPLIED,
    /** The file had problems; the running configuration stays. */
    REFUSED
  }

  private final Path file;
  private final ReloadableHandler target;
  private final Rebuild rebuild;
  private SpConfig running;

  /**
   * @param running the configuration serving now, read from the file reloads read again
   * @param target where a valid reload's chain is swapped in
   * @param rebuild builds that chain
   */
  public ConfigReload(SpConfig running, ReloadableHandler target, Rebuild rebuild) {
    this.file = running.configFile();
    this.running = running;
    this.target = target;
    this.rebuild = rebuild;
  }

  /** Starts a reload on a thread of its own and returns at once (the signal handler's way). */
  public void reloadInBackground() {
    Thread thread = new Thread(this::reload, "spgate-reload");
    thread.setDaemon(true);
    thread.start();
  }

  /** Reloads now, on this thread; a reload already running finishes first. */
  public synchronized Outcome reload() {
    LOG.info("reloading the configuration from {}", file);
    SpConfig read;
    try {
      read = ConfigLoader.load(file);
    } catch (ConfigException e) {
      return refused(e.problems());
    }
    SpConfig merged = ReloadableConfig.merge(running, read);
    List<ConfigProblem> conflicts = ReloadableConfig.conflicts(merged);
    if (!conflicts.isEmpty()) {
      return refused(conflicts);
    }
    HttpHandler chain;
    try {
      chain = rebuild.build(merged);
    } catch (ConfigException e) {
      return refused(e.problems());
    } catch (RuntimeException e) {
      LOG.error(
          "configuration reload refused, the running configuration stays: cannot build it", e);
      return Outcome.REFUSED;
    }
    for (String key : ReloadableConfig.needRestart(running, read)) {
      LOG.warn(
          "{}: {}: changed, but only a restart applies it; the running value stays", file, key);
    }
    target.swap(chain);
    running = merged;
    LOG.info(
        "configuration reloaded from {}: {} route(s); sessions and connections kept",
        file,
        merged.routes().size());
    return Outcome.APPLIED;
  }

  /** The configuration serving now. */
  public synchronized SpConfig running() {
    return running;
  }

  private static Outcome refused(List<ConfigProblem> problems) {
    LOG.error(
        "configuration reload refused, the running configuration stays: {} problem(s)",
        problems.size());
    for (ConfigProblem problem : problems) {
      LOG.error("{}", problem);
    }
    return Outcome.REFUSED;
  }
}
