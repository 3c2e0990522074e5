package org.spgate.server.proxy.direct;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.spgate.server.proxy.HeaderNames;
import org.spgate.server.proxy.HopByHop;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One keep-alive HTTP/1.1 connection to a backend, owned by one I/O thread and serving one {@link
 * Forward} at a time: it writes the request head, parses the response head strictly ({@link
 * ResponseHead}) and streams the body to the client.
 *
 * <p>Implementation notes. Read interest stays on for the connection's whole life, so a request
 * costs no {@code epoll_ctl}; it is switched off only while the client cannot take more bytes
 * (back-pressure: at most one buffer of the body is held per request), and back on when the
 * client's channel drains. Bytes or EOF while idle mean the backend closed or is out of step: the
 * connection is dropped. Only a response that ended exactly at its framing is followed by reuse.
 */
final class BackendConnection {

  private static final HttpString HTTP_1_1 = io.undertow.util.Protocols.HTTP_1_1;

  private final StreamConnection connection;
  private final BackendPool pool;
  private final XnioIoThread thread;
  private final ByteBuffer in;
  private final ByteBuffer view;
  private @Nullable Forward forward;
  private @Nullable ResponseHead head;
  private @Nullable StreamSinkChannel out;
  private @Nullable ChunkedDecoder chunks;
  private ByteBuffer request = ByteBuffer.allocate(0);
  private int cursor;
  private long remaining;
  private boolean received;
  private boolean backendClosed;
  private boolean reused;
  private boolean closed;

  /** The idle list holding this connection, or null while it serves a request. */
  BackendPool.@Nullable Idle idleIn;

  /** When it became idle ({@link System#nanoTime}). */
  long idleSince;

  BackendConnection(StreamConnection connection, BackendPool pool, int bufferSize) {
    this.connection = connection;
    this.pool = pool;
    this.thread = connection.getIoThread();
    this.in = ByteBuffer.allocateDirect(bufferSize);
    this.view = in.duplicate();
    ConduitStreamSourceChannel source = connection.getSourceChannel();
    source.setReadListener(ch -> onReadable());
    source.resumeReads();
    connection.getSinkChannel().setWriteListener(ch -> writable());
  }

  /** Sends {@code f}'s request on this connection. */
  void send(Forward f) {
    forward = f;
    f.connection = this;
    head = null;
    out = null;
    chunks = null;
    received = false;
    backendClosed = false;
    in.clear();
    cursor = 0;
    request = f.request.duplicate();
    f.sending();
    writeRequest();
  }

  /**
   * Whether this idle connection can carry a request: open, and nothing to read. A backend that
   * wrote bytes after its last response (or closed) is out of step; the read listener would see it
   * only at the next turn of the event loop, so one read checks now.
   */
  boolean usable() {
    if (closed || !connection.isOpen()) {
      return false;
    }
    try {
      in.clear();
      return connection.getSourceChannel().read(in) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether this connection served a request before the current one. */
  boolean reused() {
    return reused;
  }

  private void writeRequest() {
    ConduitStreamSinkChannel sink = connection.getSinkChannel();
    Forward f = forward;
    if (f == null) {
      sink.suspendWrites();
      return;
    }
    RequestBody body = f.body;
    if (body != null) {
      body.start(f, sink, request); // the head goes with the first bytes of the body
      return;
    }
    try {
      while (request.hasRemaining()) {
        if (sink.write(request) == 0) {
          sink.resumeWrites();
          return;
        }
      }
    } catch (IOException e) {
      lost("write: " + e.getMessage());
      return;
    }
    if (sink.isWriteResumed()) {
      sink.suspendWrites();
    }
  }

  private void writable() {
    Forward f = forward;
    RequestBody body = f == null ? null : f.body;
    if (body != null) {
      body.pump();
    } else {
      writeRequest();
    }
  }

  private void onReadable() {
    Forward f = forward;
    if (f == null) {
      close(); // EOF or bytes while idle: the backend closed or is out of step
      return;
    }
    try {
      if (!in.hasRemaining() && !makeRoom()) {
        f.fail("response head larger than " + in.capacity() + " bytes");
        close();
        return;
      }
      int n = connection.getSourceChannel().read(in);
      if (n == -1) {
        eof(f);
        return;
      }
      if (n > 0) {
        received = true;
        if (head != null || parseHead(f)) {
          pump(f);
        }
      }
    } catch (ResponseHead.Malformed e) {
      f.fail("bad response: " + e.getMessage());
      close();
    } catch (IOException e) {
      lost("read: " + e.getMessage());
    }
  }

  private boolean makeRoom() {
    if (cursor == 0) {
      return false;
    }
    view.clear().position(cursor).limit(in.position());
    in.clear();
    in.put(view);
    cursor = 0;
    return true;
  }

  /** True once a final (non-1xx) response head was parsed and set on the exchange. */
  private boolean parseHead(Forward f) throws ResponseHead.Malformed {
    while (true) {
      int end = ResponseHead.end(in, cursor, in.position());
      if (end < 0) {
        return false;
      }
      ResponseHead h = ResponseHead.parse(in, cursor, end, f.isHead());
      cursor = end;
      if (h.status >= 200) {
        start(f, h);
        return true;
      }
      if (h.status == 101) {
        throw new ResponseHead.Malformed("101 without an upgrade request");
      }
      // other 1xx: interim, dropped (the client did not send Expect on this path)
    }
  }

  private void start(Forward f, ResponseHead h) {
    head = h;
    f.committed = true;
    f.streaming();
    HttpServerExchange ex = f.exchange;
    ex.setStatusCode(h.status);
    HeaderMap headers = ex.getResponseHeaders();
    Set<String> named = HopByHop.connectionTokens(h.connectionValues());
    for (int i = 0; i < h.names.size(); i++) {
      String normal = HeaderNames.normal(h.names.get(i));
      if (!HopByHop.isHopByHop(normal) && !named.contains(normal)) {
        headers.add(HttpString.tryFromString(h.names.get(i)), h.values.get(i));
      }
    }
    boolean bodiless = h.status == 204 || h.status == 304;
    if (h.length >= 0 && !bodiless) {
      headers.put(Headers.CONTENT_LENGTH, h.length);
    } else if (h.framing == ResponseHead.Framing.CHUNKED && ex.getProtocol().equals(HTTP_1_1)) {
      // Undertow would delimit the body by close for a client that asked to close, and a
      // response cut off by a bad chunk would then look complete to it; chunked keeps the cut
      // visible.
      headers.put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
    }
    remaining = h.framing == ResponseHead.Framing.LENGTH ? h.length : 0;
    if (h.framing == ResponseHead.Framing.CHUNKED) {
      chunks = new ChunkedDecoder();
    }
    StreamSinkChannel sink = ex.getResponseChannel();
    out = sink;
    sink.getWriteSetter().set(ch -> resumeAfterDrain());
  }

  /** Copies what the buffer holds of the body to the client; finishes at the framing's end. */
  private void pump(Forward f) throws ResponseHead.Malformed {
    ResponseHead h = head;
    StreamSinkChannel sink = out;
    if (h == null || sink == null) {
      return;
    }
    try {
      while (true) {
        int avail = in.position() - cursor;
        long n;
        switch (h.framing) {
          case NONE -> {
            finish(f, true);
            return;
          }
          case LENGTH -> {
            if (remaining == 0) {
              finish(f, true);
              return;
            }
            n = Math.min(remaining, avail);
          }
          case CHUNKED -> {
            ChunkedDecoder d = chunks;
            cursor = d.step(in, cursor, in.position());
            if (d.done()) {
              finish(f, true);
              return;
            }
            n = Math.min(d.dataLeft(), in.position() - cursor);
          }
          default -> {
            if (avail == 0 && backendClosed) {
              finish(f, false); // close-delimited body, all of it written
              return;
            }
            n = avail;
          }
        }
        if (n == 0) {
          compactIfDrained();
          return;
        }
        view.clear().position(cursor).limit(cursor + (int) n);
        int w = sink.write(view);
        cursor += w;
        if (w > 0) {
          f.progress();
        }
        if (h.framing == ResponseHead.Framing.LENGTH) {
          remaining -= w;
        } else if (h.framing == ResponseHead.Framing.CHUNKED) {
          chunks.consumed(w);
        }
        if (w < n) {
          // the client is slower than the backend: stop reading until its channel drains
          connection.getSourceChannel().suspendReads();
          sink.resumeWrites();
          return;
        }
      }
    } catch (IOException e) {
      f.clientLost(e);
      close();
    }
  }

  private void compactIfDrained() {
    if (cursor == in.position()) {
      in.clear();
      cursor = 0;
    }
  }

  private void resumeAfterDrain() {
    StreamSinkChannel sink = out;
    Forward f = forward;
    if (sink == null || f == null) {
      return;
    }
    sink.suspendWrites();
    connection.getSourceChannel().resumeReads();
    try {
      pump(f);
    } catch (ResponseHead.Malformed e) {
      f.fail("bad response: " + e.getMessage());
      close();
    }
  }

  private void eof(Forward f) throws ResponseHead.Malformed {
    ResponseHead h = head;
    if (h != null && h.framing == ResponseHead.Framing.CLOSE) {
      backendClosed = true;
      connection.getSourceChannel().suspendReads();
      pump(f); // finishes once what the buffer holds has reached the client
      return;
    }
    lost("backend closed the connection");
  }

  /** The connection failed: retry once on a fresh one if nothing arrived, else fail. */
  void lost(String detail) {
    Forward f = forward;
    close();
    if (f == null) {
      return;
    }
    if (!received && reused && f.retryable()) {
      f.retry();
    } else if (head == null) {
      f.fail(detail);
    } else {
      f.clientLost(new IOException("truncated response: " + detail));
    }
  }

  private void finish(Forward f, boolean framed) {
    ResponseHead h = head;
    RequestBody body = f.body;
    boolean bodySent = body == null || body.complete();
    boolean keep =
        framed && bodySent && h != null && h.reusable() && cursor == in.position() && !closed;
    forward = null;
    head = null;
    out = null;
    reused = true;
    if (!bodySent) {
      // the backend answered before the whole body arrived; the rest of it is not read
      f.exchange.setPersistent(false);
    }
    f.done();
    if (keep && connection.isOpen()) {
      pool.release(this, thread);
    } else {
      close();
    }
    f.exchange.endExchange();
  }

  /** Closes the connection and gives its slot back to the pool. */
  void close() {
    if (closeKeepingSlot()) {
      pool.closed();
    }
  }

  /**
   * Closes the connection without giving its slot back (the pool hands it to a waiter); true if it
   * was open until now.
   */
  boolean closeKeepingSlot() {
    BackendPool.Idle i = idleIn;
    if (i != null) {
      i.remove(this);
    }
    forward = null;
    if (closed) {
      return false;
    }
    closed = true;
    IoUtils.safeClose(connection);
    return true;
  }
}
