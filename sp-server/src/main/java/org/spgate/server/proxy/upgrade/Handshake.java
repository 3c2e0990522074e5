package org.spgate.server.proxy.upgrade;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.session.Session;
import org.spgate.server.http.Attachments;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.proxy.BackendProxy;
import org.spgate.server.proxy.direct.RequestHead;
import org.spgate.server.proxy.direct.ResponseHead;
import org.spgate.server.proxy.health.BackendGroup;
import org.spgate.server.proxy.health.BackendHealth;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;

/**
 * One upgrade request on its dedicated backend connection, on the exchange's I/O thread: connects,
 * writes the cleaned request head (identity headers included) with {@code Connection: Upgrade} and
 * the allowed offered protocols, and parses the backend's response head strictly ({@link
 * ResponseHead}). A {@code 101} naming one offered protocol becomes the client's {@code 101} (with
 * the backend's end-to-end headers: {@code Sec-WebSocket-Accept}, {@code -Protocol}, {@code
 * -Extensions}…) and a {@link Tunnel}; any other final response is relayed as it is ({@link
 * RefusalRelay}) and the connection closed; no answer within {@code proxy.backendTimeout}, a closed
 * connection or a malformed head is a 502.
 *
 * <p>The backend is the one the route's {@link BackendGroup} chose. A connect that is refused or
 * not done within {@code proxy.connectTimeout} counts toward that backend's {@link BackendHealth}
 * and moves the upgrade to the next backend that is up (each tried once); a response head marks the
 * backend answered. Once connected the upgrade request belongs to that backend: a failure after it
 * is a 502, never a retry elsewhere (the backend may have acted on it).
 */
final class Handshake {

  private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

  /** Largest response head accepted, as on the plain proxy path. */
  static final int HEAD_LIMIT = 64 * 1024;

  /** Response headers that describe the hop, not the response (RFC 9110 7.6.1). */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private final HttpServerExchange exchange;
  private final UpgradeRelay relay;
  private final List<String> offered;
  private final ByteBuffer in = ByteBuffer.allocate(HEAD_LIMIT);
  private @Nullable ByteBuffer request;
  private @Nullable StreamConnection backend;
  private UpgradeRelay.Target target;
  private @Nullable IoFuture<StreamConnection> pending;
  private XnioExecutor.@Nullable Key connectDeadline;
  private XnioExecutor.@Nullable Key deadline;
  private int attempt;
  private int first = -1;
  private int current;
  private int cursor;
  private boolean done;

  Handshake(HttpServerExchange exchange, UpgradeRelay relay, List<String> offered) {
    this.exchange = exchange;
    this.relay = relay;
    this.offered = offered;
    this.target = relay.target(BackendGroup.chosen(exchange));
  }

  /** Opens the backend connection; runs on the exchange's I/O thread. */
  void start() {
    connect(BackendGroup.chosen(exchange));
  }

  /**
   * Connects to the route's backend {@code index}, within {@code proxy.connectTimeout}; the request
   * head names that backend, so it is built for each one.
   */
  private void connect(int index) {
    if (first < 0) {
      first = index;
    }
    current = index;
    target = relay.target(index);
    request = head();
    int n = ++attempt;
    connectDeadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> connectFailed(n, "no connection within proxy.connectTimeout"),
                relay.connectTimeoutMs,
                TimeUnit.MILLISECONDS);
    InetSocketAddress address = target.address();
    IoFuture<StreamConnection> opening =
        exchange
            .getIoThread()
            .openStreamConnection(
                address, c -> connected(n, c), OptionMap.create(Options.TCP_NODELAY, true));
    pending = opening;
    opening.addNotifier(
        (future, x) -> {
          if (future.getStatus() == IoFuture.Status.FAILED) {
            connectFailed(n, "connect to " + address + ": " + future.getException().getMessage());
          }
        },
        null);
  }

  /**
   * Connect {@code n} failed: the backend's health counts it, and the upgrade moves to the next
   * backend of the route that is up and was not tried (nothing of it was sent), else it fails.
   */
  private void connectFailed(int n, String detail) {
    if (done || n != attempt) {
      return; // the attempt was already given up
    }
    attempt++; // a connection that still arrives for attempt n is closed
    cancel(connectDeadline);
    IoFuture<StreamConnection> opening = pending;
    if (opening != null) {
      opening.cancel();
    }
    BackendHealth health = BackendHealth.of(exchange);
    if (health != null) {
      health.connectFailed();
    }
    int next = relay.group.failover(exchange, first, current);
    if (next < 0) {
      fail(detail);
      return;
    }
    LOG.debug("upgrade of {}: {}; trying the next backend", exchange.getRequestPath(), detail);
    connect(next);
  }

  /** The cleaned request head with the upgrade headers put back, limited to allowed protocols. */
  private ByteBuffer head() {
    return RequestHead.of(
        exchange,
        target.basePath(),
        target.hostHeader(),
        "Connection: Upgrade\r\nUpgrade: " + String.join(", ", offered) + "\r\n");
  }

  private void connected(int n, StreamConnection connection) {
    if (done || n != attempt) {
      IoUtils.safeClose(connection);
      return;
    }
    cancel(connectDeadline);
    // From here the request is the backend's: no other backend gets it, whatever happens.
    deadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> fail("no response head within proxy.backendTimeout"),
                relay.timeoutMs,
                TimeUnit.MILLISECONDS);
    backend = connection;
    connection.getSourceChannel().setReadListener(ch -> onReadable());
    connection.getSinkChannel().setWriteListener(ch -> writeRequest());
    connection.getSourceChannel().resumeReads();
    writeRequest();
  }

  private void writeRequest() {
    StreamConnection c = backend;
    ByteBuffer r = request;
    if (c == null || r == null || done) {
      return;
    }
    ConduitStreamSinkChannel sink = c.getSinkChannel();
    try {
      while (r.hasRemaining()) {
        if (sink.write(r) == 0) {
          sink.resumeWrites();
          return;
        }
      }
      if (sink.flush()) {
        sink.suspendWrites();
      } else {
        sink.resumeWrites();
      }
    } catch (IOException e) {
      fail("write: " + e.getMessage());
    }
  }

  private void onReadable() {
    StreamConnection c = backend;
    if (c == null || done) {
      return;
    }
    try {
      int n = c.getSourceChannel().read(in);
      if (n == -1) {
        fail("backend closed the connection before its response head");
        return;
      }
      while (!done) {
        int end = ResponseHead.end(in, cursor, in.position());
        if (end < 0) {
          if (!in.hasRemaining()) {
            fail("response head larger than " + HEAD_LIMIT + " bytes");
          }
          return;
        }
        ResponseHead h =
            ResponseHead.parse(in, cursor, end, exchange.getRequestMethod().equals(Methods.HEAD));
        cursor = end;
        answered();
        if (h.status == 101) {
          switchProtocols(c, h);
        } else if (h.status >= 200) {
          refused(c, h);
        }
        // other 1xx: interim, dropped; the final answer follows
      }
    } catch (ResponseHead.Malformed e) {
      fail("bad response: " + e.getMessage());
    } catch (IOException e) {
      fail("read: " + e.getMessage());
    }
  }

  /** The backend agreed: answer the client 101 and hand both connections to a tunnel. */
  private void switchProtocols(StreamConnection c, ResponseHead h) {
    String protocol = chosenProtocol(h);
    if (protocol == null) {
      return; // failed
    }
    finishHandshake();
    c.getSourceChannel().suspendReads();
    ByteBuffer early = ByteBuffer.allocate(in.position() - cursor);
    early.put(in.duplicate().limit(in.position()).position(cursor)).flip();
    copyHeaders(h, exchange.getResponseHeaders());
    Session session = exchange.getAttachment(Attachments.SESSION);
    String path = exchange.getRequestPath();
    LOG.debug("upgrading {} to {} through {}", path, protocol, target.address());
    ByteBufferPool buffers = exchange.getConnection().getByteBufferPool();
    Tunnel tunnel = new Tunnel(c, early, session, relay, buffers, path, protocol);
    // Through Undertow's listener list rather than in place of its own close listener (which
    // frees what the connection holds); also closes the backend if the client goes away before
    // its 101 is written and the tunnel starts.
    exchange.getConnection().addCloseListener(sc -> tunnel.close("client connection closed"));
    exchange.upgradeChannel(protocol, (client, ex) -> tunnel.start(client));
    exchange.endExchange();
  }

  /** The protocol a 101 switches to: exactly one, and one the request offered; else null. */
  private @Nullable String chosenProtocol(ResponseHead h) {
    List<String> named = new ArrayList<>();
    for (int i = 0; i < h.names.size(); i++) {
      if (h.names.get(i).equalsIgnoreCase("upgrade")) {
        for (String t : h.values.get(i).split(",")) {
          if (!t.isBlank()) {
            named.add(t.trim());
          }
        }
      }
    }
    if (!h.http11 || named.size() != 1 || !offeredContains(named.get(0))) {
      fail("101 switching to " + named + ", offered " + offered);
      return null;
    }
    return named.get(0);
  }

  private boolean offeredContains(@Nullable String protocol) {
    for (String p : offered) {
      if (p.equalsIgnoreCase(protocol)) {
        return true;
      }
    }
    return false;
  }

  /** The backend refused the upgrade: its response goes to the client, the connection closes. */
  private void refused(StreamConnection c, ResponseHead h) {
    finishHandshake();
    new RefusalRelay(exchange, c, h, in, cursor).start();
  }

  /** Copies the backend's end-to-end response headers to {@code out}. */
  static void copyHeaders(ResponseHead h, HeaderMap out) {
    Set<String> named = new HashSet<>();
    for (int i = 0; i < h.names.size(); i++) {
      if (h.names.get(i).equalsIgnoreCase("connection")) {
        for (String t : h.values.get(i).split(",")) {
          named.add(t.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    named.remove("content-length");
    for (int i = 0; i < h.names.size(); i++) {
      String lower = h.names.get(i).toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
        out.add(HttpString.tryFromString(h.names.get(i)), h.values.get(i));
      }
    }
  }

  /** The backend answered: its health forgets earlier failures (and ends a probe). */
  private void answered() {
    BackendHealth health = BackendHealth.of(exchange);
    if (health != null) {
      health.answered();
    }
  }

  private void finishHandshake() {
    done = true;
    cancel(connectDeadline);
    cancel(deadline);
  }

  private static void cancel(XnioExecutor.@Nullable Key key) {
    if (key != null) {
      key.remove();
    }
  }

  /** The backend failed before a response could be relayed: spgate's 502 page. */
  private void fail(String detail) {
    if (done) {
      return;
    }
    finishHandshake();
    IoUtils.safeClose(backend);
    String id = BackendProxy.logFailure(exchange, "upgrade: " + detail);
    exchange.getResponseHeaders().clear();
    ErrorPages.render(exchange, Reason.BACKEND_UNAVAILABLE, id);
  }
}
