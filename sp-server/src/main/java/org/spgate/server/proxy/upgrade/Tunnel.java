package org.spgate.server.proxy.upgrade;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;
import org.spgate.server.lifecycle.Lifecycle;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;

/**
 * An upgraded client connection and its dedicated backend connection, relaying bytes both ways
 * ({@link Pipe}) on the one I/O thread that owns both. It ends when both directions have ended
 * (each side's half-close is passed on), when either connection fails or is reset, and — for a
 * tunnel opened with a session — at the first check, every {@code sessions.recheckInterval}, that
 * no longer finds the session (logout, expiry, eviction). Ending closes both connections.
 *
 * <p>When the server stops ({@link Lifecycle.LongLived}), a WebSocket tunnel sends each side a
 * close frame, "going away", between two frames, and ends once both have closed (or when the
 * server's {@code shutdown.timeout} cuts it); a tunnel of another protocol, whose framing spgate
 * does not know, is closed.
 */
final class Tunnel implements Lifecycle.LongLived {

  private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

  private final StreamConnection backend;
  private @Nullable StreamConnection client;
  private final ByteBuffer early;
  private final @Nullable Session session;
  private final UpgradeRelay relay;
  private final ByteBufferPool buffers;
  private final String path;
  private final String protocol;
  private @Nullable PooledByteBuffer up;
  private @Nullable PooledByteBuffer down;
  private @Nullable Pipe toBackend;
  private @Nullable Pipe toClient;
  private XnioExecutor.@Nullable Key check;
  private int finishedPipes;
  private boolean closed;

  Tunnel(
      StreamConnection backend,
      ByteBuffer early,
      @Nullable Session session,
      UpgradeRelay relay,
      ByteBufferPool buffers,
      String path,
      String protocol) {
    this.backend = backend;
    this.early = early;
    this.session = session;
    this.relay = relay;
    this.buffers = buffers;
    this.path = path;
    this.protocol = protocol;
  }

  /**
   * Starts relaying once the client's 101 is written; runs on the client connection's I/O thread,
   * which also owns the backend's.
   */
  void start(StreamConnection client) {
    if (closed) {
      IoUtils.safeClose(client);
      return;
    }
    this.client = client;
    backend.setCloseListener(c -> close("backend connection closed"));
    up = allocate();
    down = allocate();
    boolean webSocket = protocol.equalsIgnoreCase("websocket");
    Pipe upstream =
        new Pipe(
            client.getSourceChannel(),
            backend.getSinkChannel(),
            up.getBuffer(),
            ByteBuffer.allocate(0),
            this,
            webSocket ? new FrameBoundary() : null);
    Pipe downstream =
        new Pipe(
            backend.getSourceChannel(),
            client.getSinkChannel(),
            down.getBuffer(),
            early,
            this,
            webSocket ? new FrameBoundary() : null);
    toBackend = upstream;
    toClient = downstream;
    LOG.debug("{} tunnel open for {}", protocol, path);
    boolean stopping = !relay.lifecycle.track(this);
    if (session != null) {
      scheduleCheck();
    }
    downstream.pump();
    upstream.pump();
    if (stopping) {
      goAway(); // opened while the server was already stopping
    }
  }

  @Override
  public void stopping() {
    backend.getIoThread().execute(this::goAway);
  }

  /** The server stops: close frames to both sides of a WebSocket, else the connections closed. */
  private void goAway() {
    Pipe upstream = toBackend;
    Pipe downstream = toClient;
    if (closed || upstream == null || downstream == null) {
      return; // not started: the client's connection closing ends it
    }
    if (!protocol.equalsIgnoreCase("websocket")) {
      close("server stopping");
      return;
    }
    LOG.debug("server stopping: sending close frames on the {} tunnel for {}", protocol, path);
    downstream.goAway(CloseFrames.toClient());
    upstream.goAway(CloseFrames.toBackend());
  }

  private PooledByteBuffer allocate() {
    return buffers.allocate();
  }

  boolean isClosed() {
    return closed;
  }

  /** One direction ended cleanly; the tunnel ends with the second. */
  void pipeFinished() {
    if (++finishedPipes == 2) {
      close("both sides closed");
    }
  }

  /** A read or write failed (reset, broken pipe): both sides are closed. */
  void failed(IOException e) {
    close("I/O error: " + e.getMessage());
  }

  private void scheduleCheck() {
    check =
        backend
            .getIoThread()
            .executeAfter(this::checkSession, relay.recheckMs, TimeUnit.MILLISECONDS);
  }

  private void checkSession() {
    Session s = session;
    if (closed || s == null) {
      return;
    }
    if (relay.sessions.find(s.id()).isEmpty()) {
      LOG.info("session {} ended: closing the {} connection to {}", s.publicId(), protocol, path);
      close("session ended");
      return;
    }
    scheduleCheck();
  }

  /** Ends the tunnel: both connections closed, buffers returned. */
  void close(String why) {
    if (closed) {
      return;
    }
    closed = true;
    relay.lifecycle.untrack(this);
    XnioExecutor.Key k = check;
    if (k != null) {
      k.remove();
    }
    IoUtils.safeClose(client);
    IoUtils.safeClose(backend);
    if (up != null) {
      up.close();
    }
    if (down != null) {
      down.close();
    }
    LOG.debug("{} tunnel for {} closed: {}", protocol, path, why);
  }
}
