package org.spgate.server.reload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.SpConfig;

/**
 * Which parts of a configuration a reload takes over. Reloadable: {@code routes} (with the {@code
 * access} rules and levels they use), {@code idp} (metadata files, default IdP, protocol; not with
 * {@code idp.remoteMetadata}, whose sources refresh themselves), {@code attributeMap} and {@code
 * headers}. Everything else is bound to what the process built at start (listeners, ports and TLS;
 * the session store and cookie; credentials, entity ID and so the SP metadata; timeouts, limits and
 * connection pools): a changed value there keeps its running value and is named so the operator
 * knows a restart is needed.
 */
public final class ReloadableConfig {

  /** The {@link SpConfig} components a reload takes from the new file. */
  static final Set<String> RELOADABLE = Set.of("routes", "idp", "attributeMap", "headers");

  private ReloadableConfig() {}

  /** {@code running} with the reloadable parts of {@code read}. */
  public static SpConfig merge(SpConfig running, SpConfig read) {
    return new SpConfig(
        running.configFile(),
        running.listen(),
        running.publicUrl(),
        running.entityId(),
        running.handlerPath(),
        running.credentials(),
        idpReloadable(running, read) ? read.idp() : running.idp(),
        read.attributeMap(),
        running.security(),
        running.sessions(),
        running.cookie(),
        read.headers(),
        running.proxy(),
        read.routes(),
        running.shutdown(),
        running.limits(),
        running.backendHealth(),
        running.tls(),
        running.metrics(),
        running.logging(),
        running.clientCert());
  }

  /**
   * Whether the {@code idp} section is reloaded: not when metadata comes from remote sources
   * (before or after), whose refresher replaces the trusted IdPs by itself; changing those sources
   * needs a restart.
   */
  static boolean idpReloadable(SpConfig running, SpConfig read) {
    return !running.idp().hasRemoteSources() && !read.idp().hasRemoteSources();
  }

  /**
   * What the new routes need from a restart-only key the running process lacks: a route asking for
   * client certificates when the running listener has no {@code tls.clientCa} to verify them.
   */
  public static List<ConfigProblem> conflicts(SpConfig merged) {
    boolean clientCa = merged.clientCert().ca() != null;
    if (clientCa || merged.routes().stream().allMatch(r -> r.clientCert() == AuthMode.NONE)) {
      return List.of();
    }
    return List.of(
        new ConfigProblem(
            merged.configFile(),
            0,
            "routes",
            "a route with clientCert: optional or required needs tls.clientCa, which the running"
                + " listener does not have; adding it needs a restart"));
  }

  /**
   * The dotted keys (e.g. {@code listen}, {@code sessions.timeout}, {@code tls}) whose value in
   * {@code read} differs from {@code running} but only takes effect after a restart; never the
   * values themselves (a Redis password, a key path).
   */
  public static List<String> needRestart(SpConfig running, SpConfig read) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent component : SpConfig.class.getRecordComponents()) {
      String name = component.getName();
      if (name.equals("configFile")
          || (RELOADABLE.contains(name)
              && !(name.equals("idp") && !idpReloadable(running, read)))) {
        continue;
      }
      differences(name, value(component, running), value(component, read), keys);
    }
    return keys;
  }

  /** Adds {@code key}, or its changed sub-keys when both values are records, to {@code keys}. */
  private static void differences(
      String key, @Nullable Object running, @Nullable Object read, List<String> keys) {
    if (Objects.equals(running, read)) {
      return;
    }
    if (running == null
        || read == null
        || !running.getClass().isRecord()
        || running.getClass() != read.getClass()) {
      keys.add(key);
      return;
    }
    for (RecordComponent component : running.getClass().getRecordComponents()) {
      differences(
          key + "." + component.getName(), value(component, running), value(component, read), keys);
    }
  }

  private static @Nullable Object value(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component + " of " + record, e);
    }
  }
}
