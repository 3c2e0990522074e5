package org.spgate.server.session;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionStore;
import org.spgate.core.session.SessionStoreException;
import org.spgate.server.http.Attachments;

/**
 * Finds the request's session from its cookie and attaches it ({@link Attachments#SESSION}). Never
 * blocks with the in-process store; with a remote store the session stage uses {@link #lookup}. A
 * session bound to another client address is ended.
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

  /**
   * The live session of {@code exchange}, attached to it when found. Blocks unless the store
   * {@linkplain SessionStore#answersImmediately() answers immediately}: with a remote store, call
   * it on a worker thread (the session stage uses {@link #lookup} instead).
   *
   * @throws SessionStoreException if the store cannot be reached
   */
  public Optional<Session> load(HttpServerExchange exchange) {
    Session attached = exchange.getAttachment(Attachments.SESSION);
    if (attached != null) {
      return Optional.of(attached);
    }
    String id = cookies.read(exchange);
    if (id == null) {
      return Optional.empty();
    }
    return accept(exchange, store.find(id), store::remove);
  }

  /** Whether {@link #load} never blocks, so I/O threads may call it. */
  public boolean answersImmediately() {
    return store.answersImmediately();
  }

  /**
   * Looks the request's session up without blocking; {@code null} when the request carries no
   * session cookie (nothing to wait for). Complete the exchange's part with {@link #accept}.
   */
  public @Nullable CompletionStage<Optional<Session>> lookup(HttpServerExchange exchange) {
    String id = cookies.read(exchange);
    return id == null ? null : store.lookup(id);
  }

  /**
   * Applies the address binding to a looked-up session and attaches it. On an I/O thread the
   * removal of a session used from another address is handed to a worker.
   */
  public Optional<Session> accept(HttpServerExchange exchange, Optional<Session> session) {
    return accept(
        exchange,
        session,
        id -> exchange.getConnection().getWorker().execute(() -> removeQuietly(id)));
  }

  private Optional<Session> accept(
      HttpServerExchange exchange, Optional<Session> session, Consumer<String> remove) {
    if (session.isPresent() && bindToAddress && !sameAddress(session.get(), exchange)) {
      LOG.warn(
          "session {} used from {} but bound to {}; ending it",
          session.get().publicId(),
          address(exchange),
          session.get().clientAddress());
      remove.accept(session.get().id());
      return Optional.empty();
    }
    session.ifPresent(s -> exchange.putAttachment(Attachments.SESSION, s));
    return session;
  }

  private void removeQuietly(String id) {
    try {
      store.remove(id);
    } catch (SessionStoreException e) {
      // The session is refused on this request either way; it ends at its own timeout.
      LOG.warn("cannot end a session bound to another address: {}", e.getMessage());
    }
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
