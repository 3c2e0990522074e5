package org.spgate.server.proxy.upgrade;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.server.proxy.BackendProxy;
import org.spgate.server.proxy.direct.ChunkedDecoder;
import org.spgate.server.proxy.direct.ResponseHead;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

/**
 * A backend's final answer other than {@code 101} to an upgrade request (403, 426, a login page…),
 * relayed to the client as a plain response: status, end-to-end headers and the body in its framing
 * (a length, chunked — decoded, Undertow frames it again — or until close), with back-pressure. The
 * dedicated backend connection is closed afterwards, never reused.
 */
final class RefusalRelay {

  private static final Logger LOG = LoggerFactory.getLogger(RefusalRelay.class);

  private final HttpServerExchange exchange;
  private final StreamConnection backend;
  private final ResponseHead head;
  private final ByteBuffer in;
  private final @Nullable ChunkedDecoder chunks;
  private @Nullable StreamSinkChannel out;
  private int cursor;
  private long remaining;
  private boolean backendClosed;
  private boolean done;

  /** {@code in[cursor, position)} holds body bytes that came with the head. */
  RefusalRelay(
      HttpServerExchange exchange,
      StreamConnection backend,
      ResponseHead head,
      ByteBuffer in,
      int cursor) {
    this.exchange = exchange;
    this.backend = backend;
    this.head = head;
    this.in = in;
    this.cursor = cursor;
    this.remaining = head.framing == ResponseHead.Framing.LENGTH ? head.length : 0;
    this.chunks = head.framing == ResponseHead.Framing.CHUNKED ? new ChunkedDecoder() : null;
  }

  void start() {
    exchange.setStatusCode(head.status);
    Handshake.copyHeaders(head, exchange.getResponseHeaders());
    if (head.length >= 0 && head.status != 204 && head.status != 304) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, head.length);
    }
    StreamSinkChannel sink = exchange.getResponseChannel();
    out = sink;
    sink.getWriteSetter().set(ch -> drained());
    backend.getSourceChannel().setReadListener(ch -> readable());
    backend.getSourceChannel().resumeReads();
    pump();
  }

  private void readable() {
    if (done) {
      return;
    }
    try {
      if (cursor == in.position()) {
        in.clear();
        cursor = 0;
      } else if (!in.hasRemaining()) {
        in.limit(in.position()).position(cursor);
        in.compact();
        cursor = 0;
      }
      if (backend.getSourceChannel().read(in) == -1) {
        backendClosed = true;
        backend.getSourceChannel().suspendReads();
      }
      pump();
    } catch (IOException e) {
      truncated("read: " + e.getMessage());
    }
  }

  private void drained() {
    StreamSinkChannel sink = out;
    if (sink != null && !done) {
      sink.suspendWrites();
      backend.getSourceChannel().resumeReads();
      pump();
    }
  }

  /** Writes what the buffer holds of the body; ends the exchange at the framing's end. */
  private void pump() {
    StreamSinkChannel sink = out;
    if (sink == null || done) {
      return;
    }
    try {
      while (true) {
        long n;
        switch (head.framing) {
          case NONE -> {
            finish();
            return;
          }
          case LENGTH -> {
            if (remaining == 0) {
              finish();
              return;
            }
            n = Math.min(remaining, in.position() - cursor);
          }
          case CHUNKED -> {
            ChunkedDecoder d = chunks;
            cursor = d.step(in, cursor, in.position());
            if (d.done()) {
              finish();
              return;
            }
            n = Math.min(d.dataLeft(), in.position() - cursor);
          }
          default -> {
            if (cursor == in.position() && backendClosed) {
              finish();
              return;
            }
            n = in.position() - cursor;
          }
        }
        if (n == 0) {
          if (backendClosed) {
            truncated("backend closed the connection inside the body");
          }
          return;
        }
        int w = sink.write(in.duplicate().limit(cursor + (int) n).position(cursor));
        cursor += w;
        if (head.framing == ResponseHead.Framing.LENGTH) {
          remaining -= w;
        } else if (chunks != null) {
          chunks.consumed(w);
        }
        if (w < n) {
          backend.getSourceChannel().suspendReads();
          sink.resumeWrites();
          return;
        }
      }
    } catch (ResponseHead.Malformed e) {
      truncated("bad chunked body: " + e.getMessage());
    } catch (IOException e) {
      LOG.debug("refused upgrade's response cut off: {}", e.getMessage());
      truncated(null);
    }
  }

  private void finish() {
    done = true;
    IoUtils.safeClose(backend);
    exchange.endExchange();
  }

  /** The body cannot be completed: both connections closed (the client sees a cut response). */
  private void truncated(@Nullable String detail) {
    if (done) {
      return;
    }
    done = true;
    if (detail != null) {
      BackendProxy.logFailure(exchange, "upgrade refused, then " + detail);
    }
    IoUtils.safeClose(backend);
    IoUtils.safeClose(exchange.getConnection());
    exchange.endExchange();
  }
}
