package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;

/**
 * Where {@link BackendProxy} hands a request that asks to switch protocols on a route that allows
 * it ({@code routes[i].upgrade}): the relay in {@code proxy.upgrade}, which depends on this
 * package, so {@code BackendProxy} knows it only through this interface (as it knows the engine
 * only as a handler).
 */
public interface Upgrades {

  /** Whether {@code exchange} is an upgrade this relay takes. */
  boolean accepts(HttpServerExchange exchange);

  /**
   * Relays {@code exchange}, which {@link #accepts} took; the 101 and tunnel or a refusal end it.
   */
  void relay(HttpServerExchange exchange);
}
