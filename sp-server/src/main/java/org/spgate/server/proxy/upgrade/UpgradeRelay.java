package org.spgate.server.proxy.upgrade;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.spgate.core.session.SessionStore;
import org.spgate.server.lifecycle.Lifecycle;
import org.spgate.server.proxy.Upgrades;

/**
 * Relays upgrade requests ({@link UpgradeOffer}) of the routes whose {@code upgrade} list names the
 * offered protocol: each on a dedicated backend connection ({@link Handshake}), never a pooled one,
 * since after a {@code 101} the connection belongs to the new protocol. A request offering only
 * protocols the route does not list is not accepted here; it was cleaned of {@code Upgrade} like
 * every request and is proxied as a plain one.
 */
public final class UpgradeRelay implements Upgrades {

  final InetSocketAddress address;
  final String basePath;
  final String hostHeader;
  final long timeoutMs;
  final SessionStore sessions;
  final long recheckMs;
  final Lifecycle lifecycle;
  private final List<String> allowed;

  /**
   * @param backend the routes' backend
   * @param allowed the protocols the routes allow, lower-cased
   * @param timeout how long connecting and the backend's response head may take
   * @param sessions where a tunnel's session is looked up again
   * @param recheck how often a tunnel with a session looks it up
   * @param lifecycle the server's, which tells open tunnels when it stops
   */
  public UpgradeRelay(
      URI backend,
      List<String> allowed,
      Duration timeout,
      SessionStore sessions,
      Duration recheck,
      Lifecycle lifecycle) {
    int port = backend.getPort() > 0 ? backend.getPort() : 80;
    this.address = new InetSocketAddress(backend.getHost(), port);
    this.basePath = backend.getRawPath() == null ? "" : backend.getRawPath();
    this.hostHeader = backend.getPort() > 0 ? backend.getHost() + ":" + port : backend.getHost();
    this.allowed = List.copyOf(allowed);
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.sessions = sessions;
    this.recheckMs = Math.max(1, recheck.toMillis());
    this.lifecycle = lifecycle;
  }

  /**
   * Whether {@code exchange} is an upgrade this relay takes: an offer of an allowed protocol, no
   * request body (the connection must be free for the new protocol right after the head), on an
   * HTTP/1.1 connection that can be handed over.
   */
  @Override
  public boolean accepts(HttpServerExchange exchange) {
    UpgradeOffer offer = UpgradeOffer.of(exchange);
    return offer != null
        && exchange.getRequestContentLength() <= 0
        && !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
        && exchange.getConnection() instanceof HttpServerConnection
        && !offer.allowedBy(allowed).isEmpty();
  }

  /** Relays the accepted upgrade {@code exchange}; a 101 and a tunnel, a response, or a 502. */
  @Override
  public void relay(HttpServerExchange exchange) {
    UpgradeOffer offer = UpgradeOffer.of(exchange);
    if (offer == null) {
      throw new IllegalStateException("not an accepted upgrade");
    }
    Handshake handshake = new Handshake(exchange, this, offer.allowedBy(allowed));
    exchange.dispatch(SameThreadExecutor.INSTANCE, handshake::start);
  }

  @Override
  public String toString() {
    return "upgrade" + allowed + "(" + address + ")";
  }
}
