package org.spgate.server.session;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;
import org.spgate.server.http.Attachments;

/**
 * Finds the request's session from its cookie and attaches it ({@link Attachments#SESSION}). Never
 * blocks with the in-process store. A session bound to another client address is ended.
 */
public final class SessionLoader {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLoader.class);

  private final SessionCookies cookies;
  private final SessionStore store;
  private final boolean bindToAddress;

  public SessionLoader(SessionCookies cookies, SessionStore store, boolean bindToAddress) {
    this.cookies = cookies;
    this.store = store;
    this.bindToAddress = bindToAddress;
  }

  /** The live session of {@code exchange}, attached to it when found. */
  public Optional<Session> load(HttpServerExchange exchange) {
    Session attached = exchange.getAttachment(Attachments.SESSION);
    if (attached != null) {
      return Optional.of(attached);
    }
    String id = cookies.read(exchange);
    if (id == null) {
      return Optional.empty();
    }
    Optional<Session> session = store.find(id);
    if (session.isPresent() && bindToAddress && !sameAddress(session.get(), exchange)) {
      LOG.warn(
          "session {} used from {} but bound to {}; ending it",
          session.get().publicId(),
          address(exchange),
          session.get().clientAddress());
      store.remove(id);
      return Optional.empty();
    }
    session.ifPresent(s -> exchange.putAttachment(Attachments.SESSION, s));
    return session;
  }

  /** The client's IP address as text. */
  public static String address(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    return source == null || source.getAddress() == null
        ? ""
        : source.getAddress().getHostAddress();
  }

  private static boolean sameAddress(Session session, HttpServerExchange exchange) {
    return address(exchange).equals(session.clientAddress());
  }
}
