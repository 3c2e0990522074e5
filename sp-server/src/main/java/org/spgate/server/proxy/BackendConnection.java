package org.spgate.server.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
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

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private final StreamConnection connection;
  private final ArrayDeque<BackendConnection> idle;
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

  BackendConnection(
      StreamConnection connection, ArrayDeque<BackendConnection> idle, int bufferSize) {
    this.connection = connection;
    this.idle = idle;
    this.in = ByteBuffer.allocateDirect(bufferSize);
    this.view = in.duplicate();
    ConduitStreamSourceChannel source = connection.getSourceChannel();
    source.setReadListener(ch -> onReadable());
    source.resumeReads();
    connection.getSinkChannel().setWriteListener(ch -> writeRequest());
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
    writeRequest();
  }

  /** Whether this connection served a request before the current one. */
  boolean reused() {
    return reused;
  }

  private void writeRequest() {
    ConduitStreamSinkChannel sink = connection.getSinkChannel();
    try {
      while (request.hasRemaining()) {
        if (sink.write(request) == 0) {
          sink.resumeWrites();
          return;
        }
      }
      if (sink.isWriteResumed()) {
        sink.suspendWrites();
      }
    } catch (IOException e) {
      lost("write: " + e.getMessage());
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
    HttpServerExchange ex = f.exchange;
    ex.setStatusCode(h.status);
    HeaderMap headers = ex.getResponseHeaders();
    Set<String> named = connectionTokens(h);
    for (int i = 0; i < h.names.size(); i++) {
      String lower = h.names.get(i).toLowerCase(java.util.Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
        headers.add(HttpString.tryFromString(h.names.get(i)), h.values.get(i));
      }
    }
    boolean bodiless = h.status == 204 || h.status == 304;
    if (h.length >= 0 && !bodiless) {
      headers.put(Headers.CONTENT_LENGTH, h.length);
    }
    remaining = h.framing == ResponseHead.Framing.LENGTH ? h.length : 0;
    if (h.framing == ResponseHead.Framing.CHUNKED) {
      chunks = new ChunkedDecoder();
    }
    StreamSinkChannel sink = ex.getResponseChannel();
    out = sink;
    sink.getWriteSetter().set(ch -> resumeAfterDrain());
  }

  private static Set<String> connectionTokens(ResponseHead h) {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < h.names.size(); i++) {
      if (h.names.get(i).equalsIgnoreCase("connection")) {
        for (String t : h.values.get(i).split(",")) {
          tokens.add(t.trim().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    tokens.remove("content-length");
    return tokens;
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
  private void lost(String detail) {
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
    boolean keep = framed && h != null && h.reusable() && cursor == in.position();
    forward = null;
    head = null;
    out = null;
    reused = true;
    f.done();
    if (keep && connection.isOpen()) {
      idle.addLast(this);
    } else {
      close();
    }
    f.exchange.endExchange();
  }

  /** Closes the connection and forgets it. */
  void close() {
    idle.remove(this);
    forward = null;
    IoUtils.safeClose(connection);
  }
}
