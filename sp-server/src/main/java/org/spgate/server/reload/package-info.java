/**
 * Reloading the configuration while serving: {@link org.spgate.server.reload.ConfigReload} reads
 * the file again (on {@code SIGHUP}, {@link org.spgate.server.reload.HangupSignal}), keeps the
 * running configuration when the file has problems, and otherwise swaps the routes, access rules,
 * identity headers, attribute map and IdP metadata in one step ({@link
 * org.spgate.server.reload.ReloadableHandler}); {@link org.spgate.server.reload.ReloadableConfig}
 * says which keys are reloadable and which need a restart.
 */
@NullMarked
package org.spgate.server.reload;

import org.jspecify.annotations.NullMarked;
