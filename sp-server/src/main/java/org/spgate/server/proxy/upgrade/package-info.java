/**
 * Protocol upgrades ({@code Upgrade}, RFC 9110 7.8; WebSockets, RFC 6455) through the proxy, on
 * routes whose {@code upgrade} list allows them: the client's offer is noted before the request is
 * cleaned ({@link org.spgate.server.proxy.upgrade.UpgradeOffer}), the upgrade request goes through
 * the same route, session and identity-header handling as any request, then {@link
 * org.spgate.server.proxy.upgrade.UpgradeRelay} sends it on a dedicated backend connection and, on
 * {@code 101}, relays bytes both ways ({@link org.spgate.server.proxy.upgrade.Tunnel}) until either
 * side closes or the session ends.
 */
@NullMarked
package org.spgate.server.proxy.upgrade;

import org.jspecify.annotations.NullMarked;
