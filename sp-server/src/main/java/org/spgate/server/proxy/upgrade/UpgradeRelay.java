package org.spgate.server.proxy.upgrade;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.spgate.core.config.ProxyConfig;
import org.spgate.core.session.SessionStore;
import org.spgate.server.lifecycle.Lifecycle;
import org.spgate.server.proxy.Upgrades;
import org.spgate.server.proxy.health.BackendGroup;

/**
 * Relays upgrade requests ({@link UpgradeOffer}) of the routes whose {@code upgrade} list names the
 * offered protocol: each on a dedicated backend connection ({@link Handshake}), never a pooled one,
 * since after a {@code 101} the connection belongs to the new protocol. A request offering only
 * protocols the route does not list is not accepted here; it was cleaned of {@code Upgrade} like
 * every request and is proxied as a plain one.
 *
 * <p>On a route with several backends the upgrade goes where its {@link BackendGroup} sent it (the
 * next in turn that is not marked down, chosen before the relay is asked); a connect that fails
 * moves it to the next backend that is up, as for a plain request, and counts toward the failed
 * backend's health. Once the upgrade request was written to a backend it is never sent to another.
 */
public final class UpgradeRelay implements Upgrades {

  /** Where one backend of the route is reached, and how its requests name it. */
  record Target(InetSocketAddress address, String basePath, String hostHeader) {

    static Target of(URI backend) {
      int port = backend.getPort() > 0 ? backend.getPort() : 80;
      return new Target(
          new InetSocketAddress(backend.getHost(), port),
          backend.getRawPath() == null ? "" : backend.getRawPath(),
          backend.getPort() > 0 ? backend.getHost() + ":" + port : backend.getHost());
    }
  }

  final BackendGroup group;
  private final List<Target> targets;
  final long connectTimeoutMs;
  final long timeoutMs;
  final SessionStore sessions;
  final long recheckMs;
  final Lifecycle lifecycle;
  private final List<String> allowed;

  /**
   * @param backends the routes' backends, in the order of {@code group}
   * @param group chooses the backend of each upgrade and the next one after a failed connect
   * @param allowed the protocols the routes allow, lower-cased
   * @param limits the routes' proxy settings: {@code connectTimeout} for each connect, {@code
   *     backendTimeout} for the backend's response head once connected
   * @param sessions where a tunnel's session is looked up again
   * @param recheck how often a tunnel with a session looks it up
   * @param lifecycle the server's, which tells open tunnels when it stops
   */
  public UpgradeRelay(
      List<URI> backends,
      BackendGroup group,
      List<String> allowed,
      ProxyConfig limits,
      SessionStore sessions,
      Duration recheck,
      Lifecycle lifecycle) {
    if (backends.size() != group.size()) {
      throw new IllegalArgumentException(backends.size() + " backends for " + group);
    }
    List<Target> t = new ArrayList<>();
    for (URI backend : backends) {
      t.add(Target.of(backend));
    }
    this.targets = List.copyOf(t);
    this.group = group;
    this.allowed = List.copyOf(allowed);
    this.connectTimeoutMs = Math.max(1, limits.connectTimeout().toMillis());
    this.timeoutMs = Math.max(1, limits.backendTimeout().toMillis());
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

  /** The backend at {@code index} in the route's order ({@link BackendGroup#chosen}). */
  Target target(int index) {
    return targets.get(index);
  }

  @Override
  public String toString() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (Target t : targets) {
      addresses.add(t.address());
    }
    return "upgrade" + allowed + addresses;
  }
}
