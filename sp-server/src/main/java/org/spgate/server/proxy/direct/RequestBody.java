package org.spgate.server.proxy.direct;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * A client's request body on its way to the backend, streamed with back-pressure: read from the
 * exchange's request channel (Undertow removes the client's framing and enforces a declared
 * length's limit; a chunked body is counted here against the route's limit, {@code
 * proxy.maxRequestBody} or its {@code maxBodySize}), written to the backend connection with
 * spgate's own framing: as is for a fixed length, re-chunked for a chunked body. While the backend
 * does not take more, the client is not read; while the client sends nothing, the backend is not
 * written to. One pooled buffer is held per request.
 *
 * <p>A body that ends early or is malformed never reaches the backend complete: the last chunk (or
 * the last byte of a fixed length) is not written and the backend connection is closed.
 */
final class RequestBody {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final HttpServerExchange exchange;
  private final boolean chunked;

  /** The route's body limit ({@code BackendProxy} set it on the exchange). */
  private final long limit;

  /** Bytes of a chunked body read from the client so far. */
  private long received;

  private @Nullable StreamSourceChannel client;
  private @Nullable PooledByteBuffer pooled;
  private final ByteBuffer prefix = ByteBuffer.allocate(18);
  private final ByteBuffer suffix = ByteBuffer.wrap(CRLF);

  /** What is to be written next: the head, a chunk's size line, data, CRLF, the last chunk. */
  private final ByteBuffer[] pending = new ByteBuffer[5];

  /** Only the head is pending: read what the client sent so it goes in the same write. */
  private boolean headOnly;

  private int pendingFrom;
  private int pendingCount;
  private boolean eof;
  private boolean complete;
  private @Nullable Forward forward;
  private @Nullable StreamSinkChannel backend;

  RequestBody(HttpServerExchange exchange, boolean chunked) {
    this.exchange = exchange;
    this.chunked = chunked;
    this.limit = exchange.getMaxEntitySize();
  }

  /** Whether reading the body from the client began (it was on its way to a backend). */
  boolean started() {
    return client != null;
  }

  /** Whether all of the body was written to the backend. */
  boolean complete() {
    return complete;
  }

  /**
   * Starts moving the body of {@code f} to {@code sink}, after {@code head} (the request head, not
   * yet written): what the client already sent of the body goes in the same write as the head.
   */
  void start(Forward f, StreamSinkChannel sink, ByteBuffer head) {
    forward = f;
    backend = sink;
    StreamSourceChannel ch = exchange.getRequestChannel();
    if (ch == null) {
      f.fail("request channel already taken");
      return;
    }
    client = ch;
    pooled = exchange.getConnection().getByteBufferPool().allocate();
    ch.getReadSetter().set(c -> pump());
    pendingFrom = 0;
    pendingCount = 0;
    append(head);
    headOnly = true;
    pump();
  }

  /**
   * Moves bytes until the client has none ready, the backend takes no more, or the body ended.
   * Called on the client's read readiness and on the backend's write readiness.
   */
  void pump() {
    Forward f = forward;
    StreamSinkChannel sink = backend;
    StreamSourceChannel source = client;
    PooledByteBuffer buf = pooled;
    if (f == null || sink == null || source == null || buf == null || f.isDone() || complete) {
      return;
    }
    ByteBuffer data = buf.getBuffer();
    while (true) {
      if (!eof && (pendingCount == 0 || headOnly)) {
        headOnly = false;
        int n;
        try {
          data.clear();
          n = source.read(data);
        } catch (RequestTooBigException e) {
          f.badRequestBody(Reason.REQUEST_TOO_LARGE, e.getMessage());
          return;
        } catch (IOException e) {
          f.badRequestBody(Reason.BAD_REQUEST_FRAMING, "request body: " + e);
          return;
        }
        if (n < 0) {
          eof = true;
          if (chunked) {
            append(ByteBuffer.wrap(LAST_CHUNK));
          }
        } else if (n > 0) {
          data.flip();
          f.progress();
          if (chunked && (received += n) > limit) {
            // Undertow's decoder holds the listener's limit, the largest of all routes: this
            // route's
            // own is counted here.
            f.badRequestBody(
                Reason.REQUEST_TOO_LARGE, "chunked request body over " + limit + " bytes");
            return;
          }
          if (chunked) {
            prefix.clear();
            prefix.put(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1)).put(CRLF);
            prefix.flip();
            suffix.clear();
            append(prefix);
            append(data);
            append(suffix);
          } else {
            append(data);
          }
        } else if (pendingCount == 0) {
          sink.suspendWrites();
          source.resumeReads();
          return;
        }
      }
      if (pendingCount > 0) {
        try {
          sink.write(pending, pendingFrom, pendingCount);
        } catch (IOException e) {
          BackendConnection c = f.connection;
          if (c != null) {
            c.lost("write: " + e.getMessage());
          }
          return;
        }
        while (pendingCount > 0 && !pending[pendingFrom].hasRemaining()) {
          pendingFrom++;
          pendingCount--;
        }
        if (pendingCount > 0) {
          // the backend is slower than the client: stop reading until it drains
          source.suspendReads();
          sink.resumeWrites();
          return;
        }
        pendingFrom = 0;
        f.progress();
        continue;
      }
      if (eof) {
        complete = true;
        sink.suspendWrites();
        source.suspendReads();
        f.bodySent();
        return;
      }
    }
  }

  private void append(ByteBuffer b) {
    pending[pendingFrom + pendingCount++] = b;
  }

  /** Stops reading the client and gives the buffer back. */
  void release() {
    StreamSourceChannel ch = client;
    if (ch != null) {
      ch.getReadSetter().set(null);
      ch.suspendReads();
    }
    PooledByteBuffer buf = pooled;
    if (buf != null) {
      pooled = null;
      buf.close();
    }
    forward = null;
  }
}
